package org.sanphalang.officers;

/**
 * Where an officer works. A blank amphoe means the whole province; a blank tambon the whole amphoe.
 */
public record Area(String amphoe, String tambon) {

    public static final Area EVERYWHERE = new Area(null, null);

    public boolean covers(String groupAmphoe, String groupTambon) {
        if (blank(amphoe)) {
            return true;
        }
        if (!amphoe.equals(groupAmphoe)) {
            return false;
        }
        return blank(tambon) || tambon.equals(groupTambon);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

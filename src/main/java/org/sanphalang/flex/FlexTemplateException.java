package org.sanphalang.flex;

/**
 * A Flex template that cannot be used: unknown name, unreadable or invalid file, or a rendered message over
 * LINE's limits (bubble JSON over 30 KB, carousel over 50 KB or over 12 bubbles).
 */
public class FlexTemplateException extends RuntimeException {

    public FlexTemplateException(String message) {
        super(message);
    }

    public FlexTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}

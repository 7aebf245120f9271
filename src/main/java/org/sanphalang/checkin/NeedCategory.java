package org.sanphalang.checkin;

/** What kind of help a need asks for, so officers can route it to the agency that can give it. */
public enum NeedCategory {
    ENERGY, PACKAGING, MARKET, STANDARDS, FINANCE, TOURISM, AGRICULTURE, OTHER
}

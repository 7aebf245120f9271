package org.sanphalang.checkin;

public enum NeedCategory { ENERGY, PACKAGING, MARKET, STANDARDS, FINANCE, TOURISM, AGRICULTURE, OTHER }

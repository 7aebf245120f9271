package org.sanphalang.needs;

import org.sanphalang.checkin.NeedCategory;

/** The agencies that support producer groups, and which usually helps with what. */
public enum Agency {
    ENERGY_OFFICE, PUBLIC_HEALTH_INDUSTRY, COMMERCE, UNIVERSITY, PRACHARAT_SOCIAL_ENTERPRISE, FINANCIAL_INSTITUTION,
    TOURISM_CULTURE_OFFICE, AGRICULTURE_OFFICE;

    public static Agency usualFor(NeedCategory category) {
        return switch (category) {
            case ENERGY -> ENERGY_OFFICE;
            case PACKAGING -> UNIVERSITY;
            case MARKET -> COMMERCE;
            case STANDARDS -> PUBLIC_HEALTH_INDUSTRY;
            case FINANCE -> FINANCIAL_INSTITUTION;
            case TOURISM -> TOURISM_CULTURE_OFFICE;
            case AGRICULTURE -> AGRICULTURE_OFFICE;
            case OTHER -> PRACHARAT_SOCIAL_ENTERPRISE;
        };
    }
}

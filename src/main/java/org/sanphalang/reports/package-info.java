/**
 * Reports for officers: check-ins and period totals of the groups in their area as CSV (UTF-8 with a BOM, so Excel
 * shows Thai) and XLSX, with Thai headers and Buddhist-era dates.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports")
package org.sanphalang.reports;

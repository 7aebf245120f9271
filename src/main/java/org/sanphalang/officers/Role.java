package org.sanphalang.officers;

/** ADMIN manages accounts and jobs; OFFICER works with groups in their area; VIEWER only looks. */
public enum Role { ADMIN, OFFICER, VIEWER }

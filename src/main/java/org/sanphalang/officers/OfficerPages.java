package org.sanphalang.officers;

import java.security.Principal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's officer accounts page (administrators only, see {@link SecurityConfiguration}). */
@Controller
class OfficerPages {

    private final Officers officers;

    OfficerPages(Officers officers) {
        this.officers = officers;
    }

    @GetMapping("/console/officers")
    String list(Model model) {
        model.addAttribute("officers", officers.all().stream().map(Officer::view).toList());
        model.addAttribute("roles", Role.values());
        return "console/officers";
    }

    @PostMapping("/console/officers")
    String create(@RequestParam String username, @RequestParam String password, @RequestParam(required = false) String displayName,
                  @RequestParam Role role, @RequestParam(required = false) String amphoe, @RequestParam(required = false) String tambon,
                  Principal admin, RedirectAttributes flash) {
        if (!username.matches("[A-Za-z0-9._@-]{1,64}") || password.length() < 10 || password.length() > 200) {
            flash.addFlashAttribute("error", "ชื่อผู้ใช้ใช้ได้เฉพาะ A-Z 0-9 . _ @ - และรหัสผ่านอย่างน้อย 10 ตัว · username A-Z 0-9 . _ @ -, password ≥ 10");
            return "redirect:/console/officers";
        }
        try {
            officers.create(admin.getName(), username, password, blank(displayName), role, new Area(blank(amphoe), blank(tambon)));
            flash.addFlashAttribute("notice", "สร้างบัญชี " + username + " แล้ว · created");
        } catch (DuplicateKeyException taken) {
            flash.addFlashAttribute("error", "มีชื่อผู้ใช้นี้แล้ว · username taken");
        }
        return "redirect:/console/officers";
    }

    @PostMapping("/console/officers/{username}")
    String change(@PathVariable String username, @RequestParam Role role, @RequestParam(required = false) String amphoe,
                  @RequestParam(required = false) String tambon, @RequestParam(defaultValue = "false") boolean enabled,
                  Principal admin, RedirectAttributes flash) {
        officers.update(admin.getName(), username, role, new Area(blank(amphoe), blank(tambon)), enabled, null);
        flash.addFlashAttribute("notice", "บันทึกแล้ว · saved");
        return "redirect:/console/officers";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

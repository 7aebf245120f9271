package org.sanphalang.schedule;

import java.security.Principal;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's schedules editor and overdue list: the same rules as the API, through the same controller. */
@Controller
class SchedulePages {

    private final ScheduleController api;

    SchedulePages(ScheduleController api) {
        this.api = api;
    }

    @GetMapping("/console/schedules")
    String schedules(Model model) {
        model.addAttribute("schedules", api.list());
        model.addAttribute("overdue", api.overdue());
        return "console/schedules";
    }

    @PostMapping("/console/schedules/{name}")
    String change(@PathVariable String name, @RequestParam String cron, @RequestParam(defaultValue = "false") boolean enabled,
                  @RequestParam(required = false) String lineGroupId, Principal officer, RedirectAttributes flash) {
        ResponseEntity<Object> answer = api.change(name, new ScheduleController.ScheduleChange(cron.strip(), enabled,
                lineGroupId == null || lineGroupId.isBlank() ? null : lineGroupId), officer);
        if (answer.getStatusCode().is2xxSuccessful()) {
            flash.addFlashAttribute("notice", "บันทึกแล้ว · saved");
        } else {
            Object body = answer.getBody();
            flash.addFlashAttribute("error", body instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : "ไม่สำเร็จ · failed");
        }
        return "redirect:/console/schedules";
    }
}

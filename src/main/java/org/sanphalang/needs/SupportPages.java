package org.sanphalang.needs;

import java.security.Principal;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.sanphalang.groups.Groups;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's support log: what was given to whom and why, and the form that records it (and tells every group). */
@Controller
class SupportPages {

    private final NeedsController api;
    private final Needs needs;
    private final Groups groups;
    private final Officers officers;

    SupportPages(NeedsController api, Needs needs, Groups groups, Officers officers) {
        this.api = api;
        this.needs = needs;
        this.groups = groups;
        this.officers = officers;
    }

    @GetMapping("/console/support")
    String log(Model model) {
        Area area = officers.currentArea();
        model.addAttribute("records", api.supportLog());
        model.addAttribute("groups", groups.registeredIn(area));
        model.addAttribute("agencies", Arrays.stream(Agency.values()).collect(Collectors.toMap(a -> a, needs::agencyName,
                (a, b) -> a, java.util.LinkedHashMap::new)));
        return "console/support";
    }

    @PostMapping("/console/support")
    String record(@RequestParam String lineGroupId, @RequestParam String what, @RequestParam Agency agency,
                  @RequestParam String reason, Principal officer, RedirectAttributes flash) {
        ResponseEntity<Object> answer = api.support(new NeedsController.NewSupport(lineGroupId, what.strip(), agency,
                reason.strip(), null), officer);
        if (answer.getStatusCode().is2xxSuccessful() && answer.getBody() instanceof SupportRecord saved) {
            flash.addFlashAttribute("notice", "บันทึกแล้ว แจ้ง " + saved.groupsTold() + " กลุ่ม · recorded, groups told");
        } else {
            flash.addFlashAttribute("error", answer.getBody() instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : "ไม่สำเร็จ · failed");
        }
        return "redirect:/console/support";
    }
}

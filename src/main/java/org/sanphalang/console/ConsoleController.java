package org.sanphalang.console;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.sanphalang.broadcast.Broadcast;
import org.sanphalang.broadcast.Broadcasts;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.CheckInHistory;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.checkin.Totals;
import org.sanphalang.groups.GroupRegistration;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.needs.Agency;
import org.sanphalang.needs.Need;
import org.sanphalang.needs.Needs;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officer;
import org.sanphalang.officers.Officers;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's pages. Each reads through the feature modules, always limited to the officer's area. */
@Controller
class ConsoleController {

    private final Groups groups;
    private final Summaries summaries;
    private final CheckInHistory history;
    private final Needs needs;
    private final Broadcasts broadcasts;
    private final GroupRegistration registration;
    private final Officers officers;
    private final Clock clock;

    ConsoleController(Groups groups, Summaries summaries, CheckInHistory history, Needs needs, Broadcasts broadcasts,
                      GroupRegistration registration, Officers officers, Clock clock) {
        this.groups = groups;
        this.summaries = summaries;
        this.history = history;
        this.needs = needs;
        this.broadcasts = broadcasts;
        this.registration = registration;
        this.officers = officers;
        this.clock = clock;
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    record GroupRow(LineGroup group, Totals week, boolean onTrack, long openNeeds) {
    }

    @GetMapping("/console")
    String dashboard(Model model) {
        Period week = summaries.thisWeek();
        List<LineGroup> mine = myGroups();
        List<String> ids = mine.stream().map(LineGroup::id).toList();
        Map<String, Totals> totals = summaries.totals(ids, week);
        Map<String, Long> openNeeds = summaries.openNeeds(ids);
        List<GroupRow> rows = mine.stream().map(g -> {
            Totals t = totals.getOrDefault(g.id(), Totals.NONE);
            return new GroupRow(g, t, t.checkins() > 0, openNeeds.getOrDefault(g.id(), 0L));
        }).sorted(Comparator.comparing(GroupRow::onTrack).thenComparing(r -> r.group().displayName())).toList();
        Totals all = rows.stream().map(GroupRow::week).reduce(Totals.NONE, Totals::plus);
        List<String> labels = new ArrayList<>();
        List<BigDecimal> revenue = new ArrayList<>();
        Period p = week;
        for (int i = 0; i < 8; i++, p = p.previous()) {
            labels.add(0, p.key().substring(5));
            revenue.add(0, summaries.totals(mine.stream().map(LineGroup::id).toList(), p).values().stream()
                    .map(Totals::revenueBaht).reduce(BigDecimal.ZERO, BigDecimal::add));
        }
        model.addAttribute("week", week);
        model.addAttribute("rows", rows);
        model.addAttribute("onTrack", rows.stream().filter(GroupRow::onTrack).count());
        model.addAttribute("silent", rows.stream().filter(r -> !r.onTrack()).count());
        model.addAttribute("totals", all);
        model.addAttribute("chart", new TrendChart(labels, revenue).svg());
        return "console/dashboard";
    }

    @GetMapping("/console/groups/{id}")
    String group(@PathVariable String id, Model model) {
        LineGroup group = visible(id);
        List<CheckIn> timeline = new ArrayList<>(history.between(List.of(id), clock.instant().minus(java.time.Duration.ofDays(90)),
                clock.instant().plusSeconds(60)));
        java.util.Collections.reverse(timeline);
        model.addAttribute("group", group);
        model.addAttribute("timeline", timeline.stream().limit(100).toList());
        model.addAttribute("needs", needs.list(null).stream().filter(n -> n.groupId().equals(id)).toList());
        model.addAttribute("members", groups.members(id));
        model.addAttribute("week", summaries.totals(id, summaries.thisWeek()));
        model.addAttribute("weekKey", summaries.thisWeek().key());
        model.addAttribute("month", summaries.totals(id, summaries.thisMonth()));
        return "console/group";
    }

    @GetMapping("/console/needs")
    String needsBoard(@RequestParam(required = false) Need.Status status, Model model) {
        Map<String, LineGroup> mine = myGroups().stream().collect(Collectors.toMap(LineGroup::id, g -> g));
        Map<Agency, List<Need>> byAgency = new LinkedHashMap<>();
        for (Agency agency : Agency.values()) {
            byAgency.put(agency, new ArrayList<>());
        }
        needs.list(status).stream().filter(n -> mine.containsKey(n.groupId()))
                .sorted(Comparator.comparing(Need::priority).reversed().thenComparing(Need::at, Comparator.reverseOrder()))
                .forEach(n -> byAgency.get(n.agency()).add(n));
        byAgency.values().removeIf(List::isEmpty);
        model.addAttribute("byAgency", byAgency);
        model.addAttribute("groups", mine);
        model.addAttribute("agencyNames", java.util.Arrays.stream(Agency.values())
                .collect(Collectors.toMap(a -> a, needs::agencyName)));
        model.addAttribute("statuses", Need.Status.values());
        model.addAttribute("priorities", Need.Priority.values());
        model.addAttribute("status", status);
        return "console/needs";
    }

    @PostMapping("/console/needs/{id}")
    String changeNeed(@PathVariable String id, @RequestParam(required = false) Need.Status status,
                      @RequestParam(required = false) Need.Priority priority, @RequestParam(required = false) String note,
                      Principal officer, RedirectAttributes flash) {
        Need need = needs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        visible(need.groupId());
        needs.change(id, officer.getName(), status, priority, null, note == null || note.isBlank() ? null : note.strip());
        flash.addFlashAttribute("notice", "บันทึกแล้ว · saved");
        return "redirect:/console/needs";
    }

    @GetMapping("/console/broadcasts/new")
    String composer(Model model) {
        List<LineGroup> mine = myGroups();
        model.addAttribute("products", mine.stream().flatMap(g -> g.products() == null ? java.util.stream.Stream.empty() : g.products().stream())
                .distinct().sorted().toList());
        model.addAttribute("tambons", mine.stream().map(LineGroup::tambon).filter(java.util.Objects::nonNull).distinct().sorted().toList());
        model.addAttribute("villages", mine.stream().map(LineGroup::village).filter(java.util.Objects::nonNull).distinct().sorted().toList());
        return "console/broadcast-new";
    }

    @PostMapping("/console/broadcasts")
    String preview(@RequestParam String text, @RequestParam(required = false) String title,
                   @RequestParam(required = false) String product, @RequestParam(required = false) String tambon,
                   @RequestParam(required = false) String village, Principal principal) {
        if (text.isBlank() || text.length() > 2000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text");
        }
        Officer officer = officers.find(principal.getName()).orElseThrow();
        Broadcast draft = broadcasts.create(officer, officers.currentArea(), blankToNull(title), text.strip(),
                new Broadcast.Segment(blankToNull(product), blankToNull(tambon), blankToNull(village), null), null,
                Broadcast.Status.PREVIEW);
        return "redirect:/console/broadcasts/" + draft.id();
    }

    @GetMapping("/console/broadcasts/{id}")
    String broadcast(@PathVariable String id, Model model) {
        Broadcast b = broadcasts.find(id).filter(x -> x.recipients().stream().allMatch(g -> isVisible(g)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("broadcast", b);
        model.addAttribute("report", broadcasts.report(id));
        model.addAttribute("names", b.recipients().stream().collect(Collectors.toMap(g -> g,
                g -> groups.find(g).map(LineGroup::displayName).orElse(g))));
        return "console/broadcast";
    }

    @PostMapping("/console/broadcasts/{id}/send")
    String send(@PathVariable String id, Principal principal) {
        Officer officer = officers.find(principal.getName()).orElseThrow();
        broadcasts.find(id).filter(b -> b.createdBy().equals(officer.username())).flatMap(b -> broadcasts.send(id, officer));
        return "redirect:/console/broadcasts/" + id;
    }

    @PostMapping("/console/broadcasts/{id}/cancel")
    String cancel(@PathVariable String id, Principal principal) {
        broadcasts.cancel(id, principal.getName());
        return "redirect:/console/broadcasts/" + id;
    }

    @GetMapping("/console/codes")
    String codes() {
        return "console/codes";
    }

    @PostMapping("/console/codes")
    String newCode(@RequestParam String name, @RequestParam(required = false) String products,
                   @RequestParam(required = false) String village, @RequestParam(required = false) String tambon,
                   @RequestParam(required = false) String amphoe, @RequestParam(required = false) String leader,
                   Principal officer, RedirectAttributes flash) {
        Area area = officers.currentArea();
        String a = blankToNull(amphoe) != null ? amphoe.strip() : area.amphoe();
        String t = blankToNull(tambon) != null ? tambon.strip() : area.tambon();
        if (name.isBlank() || !area.covers(a, t)) {
            flash.addFlashAttribute("error", "นอกพื้นที่ของคุณ หรือไม่ได้ใส่ชื่อกลุ่ม · outside your area, or no name");
            return "redirect:/console/codes";
        }
        List<String> list = products == null ? List.of() : java.util.Arrays.stream(products.split("[,،]")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        GroupRegistration.IssuedCode code = registration.issue(officer.getName(),
                new GroupRegistration.Details(name.strip(), list, blankToNull(village), t, a, blankToNull(leader)));
        flash.addFlashAttribute("code", code.code());
        flash.addFlashAttribute("expiresAt", code.expiresAt());
        flash.addFlashAttribute("codeFor", name.strip());
        return "redirect:/console/codes";
    }

    @GetMapping("/console/photos/{id}")
    org.springframework.http.ResponseEntity<byte[]> photo(@PathVariable String id) {
        CheckInHistory.Photo photo = history.photo(id).filter(p -> isVisible(p.groupId()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        org.springframework.http.MediaType type;
        try {
            type = org.springframework.http.MediaType.parseMediaType(photo.contentType());
        } catch (RuntimeException unknown) {
            type = org.springframework.http.MediaType.IMAGE_JPEG;
        }
        return org.springframework.http.ResponseEntity.ok().contentType(type).body(photo.data());
    }

    @GetMapping("/console/reports")
    String reports(Model model) {
        model.addAttribute("week", summaries.thisWeek().key());
        model.addAttribute("month", summaries.thisMonth().key());
        return "console/reports";
    }

    private List<LineGroup> myGroups() {
        Area area = officers.currentArea();
        return groups.registeredIn(area);
    }

    private LineGroup visible(String groupId) {
        Area area = officers.currentArea();
        return groups.find(groupId, area)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private boolean isVisible(String groupId) {
        Area area = officers.currentArea();
        return groups.find(groupId, area).isPresent();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}

package org.sanphalang.officers;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Officer accounts (administrators) and the caller's own account. */
@RestController
class OfficersController {

    private final Officers officers;

    OfficersController(Officers officers) {
        this.officers = officers;
    }

    record NewOfficer(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+") String username,
                      @NotBlank @Size(min = 10, max = 200) String password,
                      @Size(max = 200) String displayName,
                      @NotNull Role role,
                      Area area) {
    }

    record OfficerChange(Role role, Area area, Boolean enabled, @Size(max = 200) String displayName) {
    }

    @GetMapping("/api/v1/officers")
    List<Officer.View> all() {
        return officers.all().stream().map(Officer::view).toList();
    }

    @PostMapping("/api/v1/officers")
    ResponseEntity<Object> create(@Valid @RequestBody NewOfficer body, Principal admin) {
        try {
            Officer created = officers.create(admin.getName(), body.username(), body.password(), body.displayName(),
                    body.role(), body.area() == null ? Area.EVERYWHERE : body.area());
            return ResponseEntity.status(HttpStatus.CREATED).body(created.view());
        } catch (DuplicateKeyException taken) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "username_taken", "message", "An officer with that username exists"));
        }
    }

    @PatchMapping("/api/v1/officers/{username}")
    ResponseEntity<Object> change(@PathVariable String username, @Valid @RequestBody OfficerChange body, Principal admin) {
        return officers.update(admin.getName(), username, body.role(), body.area(), body.enabled(), body.displayName())
                .<ResponseEntity<Object>>map(o -> ResponseEntity.ok(o.view()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "not_found", "message", "No such officer")));
    }

    @GetMapping("/api/v1/me")
    ResponseEntity<Object> me(Principal principal) {
        return officers.find(principal.getName()).<ResponseEntity<Object>>map(o -> ResponseEntity.ok(o.view()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    record LinkCodeView(String code, Instant expiresAt, String howTo) {
    }

    /** A code to type to the bot in a 1:1 chat: "เชื่อมบัญชี 12345678" (or "link 12345678"). */
    @PostMapping("/api/v1/me/line-link-code")
    LinkCodeView linkCode(Principal principal) {
        Officers.LinkCode code = officers.newLinkCode(principal.getName());
        return new LinkCodeView(code.code(), code.expiresAt(), "เชื่อมบัญชี " + code.code());
    }
}

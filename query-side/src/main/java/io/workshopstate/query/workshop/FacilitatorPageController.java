package io.workshopstate.query.workshop;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.UUID;

/**
 * The facilitator's live progress page. It is the same static page for every workshop and holds no
 * data: the page signs in to the API with the facilitator's bearer token, so it is served to anyone.
 */
@Controller
@Hidden
class FacilitatorPageController {

    private static final Resource PAGE = new ClassPathResource("static/facilitator/workshop.html");

    @GetMapping("/facilitator/workshops/{workshopId}")
    ResponseEntity<Resource> page(@PathVariable UUID workshopId) {
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .body(PAGE);
    }
}

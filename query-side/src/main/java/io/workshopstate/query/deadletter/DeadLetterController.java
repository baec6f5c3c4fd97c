package io.workshopstate.query.deadletter;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/admin/dead-letters")
    List<DeadLetters.Letter> list() {
        return deadLetters.list();
    }

    @PostMapping("/api/admin/dead-letters/retry")
    DeadLetters.RetryOutcome retry() {
        return deadLetters.retryAll();
    }
}

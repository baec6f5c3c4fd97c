package io.workshopstate.query.session;

import io.workshopstate.session.SessionExport;
import io.workshopstate.session.SessionView;
import io.workshopstate.session.SessionView.ChatMessageView;
import io.workshopstate.session.SessionView.StepResponseView;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A participant's whole workshop, every step in order with its chat, as a document to download. */
record SessionDownload(UUID sessionId, UUID workshopId, String workshopTitle, String participantId,
                       String workshopStatus, int currentStep, long version, Instant exportedAt, List<Step> steps) {

    /** One step: its response ({@code null} if never answered) and the chat held on it. */
    record Step(int stepNumber, String responseText, Long revision, Instant updatedAt, List<ChatMessage> chatMessages) {
    }

    record ChatMessage(UUID messageId, String role, String content, Instant timestamp) {
    }

    static SessionDownload of(SessionExport export, Instant exportedAt) {
        SessionView session = export.session();
        Map<Integer, StepResponseView> responses = session.responses().stream()
                .collect(Collectors.toMap(StepResponseView::stepNumber, Function.identity()));
        Map<Integer, List<ChatMessage>> chats = session.chatMessages().stream()
                .collect(Collectors.groupingBy(ChatMessageView::stepNumber, Collectors.mapping(
                        message -> new ChatMessage(message.messageId(), message.role(), message.content(),
                                message.timestamp()), Collectors.toList())));
        List<Step> steps = IntStream.rangeClosed(1, session.stepCount()).mapToObj(number -> {
            StepResponseView response = responses.get(number);
            return new Step(number, response == null ? null : response.responseText(),
                    response == null ? null : response.revision(), response == null ? null : response.updatedAt(),
                    chats.getOrDefault(number, List.of()));
        }).toList();
        return new SessionDownload(session.sessionId(), session.workshopId(), export.workshopTitle(),
                session.participantId(), session.workshopStatus(), session.currentStep(), session.version(),
                exportedAt, steps);
    }

    String toMarkdown() {
        StringBuilder markdown = new StringBuilder()
                .append("# ").append(workshopTitle).append("\n\n")
                .append("- Participant: ").append(participantId).append('\n')
                .append("- Session: ").append(sessionId).append(" (version ").append(version).append(")\n")
                .append("- Exported: ").append(exportedAt).append('\n');
        for (Step step : steps) {
            markdown.append("\n## Step ").append(step.stepNumber()).append("\n\n")
                    .append(step.responseText() == null ? "_No response._" : step.responseText()).append('\n');
            if (!step.chatMessages().isEmpty()) {
                markdown.append("\n### Chat\n");
                for (ChatMessage message : step.chatMessages()) {
                    markdown.append("\n**").append(message.role()).append("** (").append(message.timestamp())
                            .append("):\n\n").append(message.content()).append('\n');
                }
            }
        }
        return markdown.toString();
    }
}

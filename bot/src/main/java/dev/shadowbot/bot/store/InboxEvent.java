package dev.shadowbot.bot.store;

/**
 * A claimed inbox event.
 *
 * @param deliveryId the {@code X-GitHub-Delivery} id
 * @param event      the {@code X-GitHub-Event} name
 * @param payload    the raw JSON body as GitHub sent it
 * @param attempt    1 for the first attempt
 */
public record InboxEvent(String deliveryId, String event, byte[] payload, int attempt) {
}

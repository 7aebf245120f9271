/**
 * Outcome stories: the officers' last step, making results visible. An officer drafts a story for a period (an ISO
 * week, a month, or a chosen range of days) and a scope inside their own area — one group, a village, a tambon, the
 * groups making a product, or everything they cover — and the draft is composed from the real figures (check-in
 * totals compared with the period before, needs resolved, support received), with a chart drawn in plain Java2D and
 * check-in photos only from people who may be shown (see {@code internal.PhotoConsent}). The officer edits the
 * headline, text and photos, then publishes: a Flex card to the registered LINE groups of the scope through the
 * outbox (one per group, keyed {@code story:<id>:<groupId>}), a photo post on the Facebook Page through the Graph
 * API, and a public read-only page at {@code /stories/{id}} with Open Graph tags. Every publication is recorded and
 * audited; retracting hides the page and deletes the Facebook post — LINE messages cannot be unsent by a bot, and
 * the story says so.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outcome stories")
package org.sanphalang.stories;

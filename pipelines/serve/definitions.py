"""Metric names and definitions as users read them (from ../shared/METRICS.md), in one place.

Pages take help texts from here; the SQL that computes each metric cites the same words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricDefinition:
    key: str
    label: str
    definition: str
    higher_is_better: bool = True


DEFINITIONS = {
    d.key: d
    for d in [
        MetricDefinition(
            "new_members",
            "New members",
            "Members whose first-seen time (earliest of: join/sign-up date, first activity, first event "
            "registration, over all their identities) falls in the period.",
        ),
        MetricDefinition(
            "active_members",
            "Active members",
            "Distinct members with at least one activity in the period. An activity is a contribution, "
            "a reaction given, or an event attended.",
        ),
        MetricDefinition(
            "contributions",
            "Contributions",
            "Authored posts, thread starts, replies, comments and chat messages in the period.",
        ),
        MetricDefinition("total_members", "Total members", "Members first seen before the period's end."),
        MetricDefinition("contributors", "Contributors",
                         "Distinct members with at least one contribution in the period."),
        MetricDefinition("returning_members", "Returning members",
                         "Active members first seen before the period's start."),
        MetricDefinition("stickiness", "Stickiness (DAU/MAU)",
                         "Mean over the period's days of DAU(d) / MAU(d): members active on day d, divided by "
                         "members active in the 30 days ending on d (Discourse's definition). Days with no "
                         "monthly actives have no ratio and are skipped."),
        MetricDefinition("cohort_retention", "Cohort retention",
                         "Cohort = members first seen in month c. Retention(c, k) = share of the cohort with at "
                         "least one activity in month c + k. Month 0 is the real share, not 100% by construction."),
        MetricDefinition("slipping_away", "Slipping away",
                         "Members with at least 5 activities in the 90 days before the last 30 days of the "
                         "period, and none in those last 30 days."),
        MetricDefinition("response_rate", "Response rate",
                         "Threads started in the period with at least one reply from a member other than the "
                         "author (bots do not count), divided by threads started in the period. A chat message "
                         "that is not a reply is a thread; social posts are left out (their replies have no "
                         "author or time in the exports)."),
        MetricDefinition("median_hours_to_first_response", "Median time to first response",
                         "Per thread started in the period that got a reply: first reply by another human "
                         "member minus the thread's start. The median over those threads, in hours; threads "
                         "without a reply are counted in 'unanswered', never dropped silently.",
                         higher_is_better=False),
        MetricDefinition("p90_hours_to_first_response", "90th percentile time to first response",
                         "The 90th percentile (linear interpolation) of the same per-thread times, in hours.",
                         higher_is_better=False),
        MetricDefinition("unanswered_threads", "Unanswered threads",
                         "Threads started in the period with no reply from another human member in the data "
                         "loaded, older than 24 hours at the newest loaded data point.", higher_is_better=False),
        MetricDefinition("community_answer_share", "Community answer share",
                         "Among threads whose first response is in the period, the share whose first "
                         "responder is not staff (support deflection)."),
        MetricDefinition("engagement_score", "Engagement score",
                         "Weighted sum of a member's activities: thread start (forum topic or post) 5, reply or "
                         "comment 3, chat message 2, reaction given 1, event attended 4 (editable)."),
        MetricDefinition("engagement_level", "Engagement level",
                         "By engagement score over the 90 days ending with the period: core = the smallest set "
                         "of members making 80% of the total score, regular = the next 15%, casual = the rest."),
        MetricDefinition("engagement_rate", "Social engagement rate",
                         "Sum of engagements divided by sum of impressions over the platform's posts in the "
                         "period (a ratio of sums, not a mean of per-post rates)."),
        MetricDefinition("interactions_per_post", "Interactions per post",
                         "(Reactions + replies + shares) divided by posts, over the period's posts."),
        MetricDefinition("registrations", "Registrations", "Registrations for events that start in the period."),
        MetricDefinition("attendees", "Attendees",
                         "Distinct members who attended an event that starts in the period."),
        MetricDefinition("attendance_rate", "Attendance rate",
                         "Attended registrations divided by registrations (Bevy's check-in rate)."),
        MetricDefinition("no_show_rate", "No-show rate", "1 − attendance rate.", higher_is_better=False),
        MetricDefinition("minutes_attended", "Minutes attended",
                         "Per attendee, the union of their join–leave sessions (someone can join several "
                         "times); shown as the total, and the mean per attended registration with minutes. "
                         "Only exports with session times (Zoom) carry minutes."),
        MetricDefinition("repeat_attendees", "Repeat attendees",
                         "Attendees of the period with at least one other attended event in the 365 days before."),
        MetricDefinition("attendee_activation", "Attendee activation",
                         "Attendees with at least one contribution in the 30 days after the event, divided by "
                         "attendees."),
        MetricDefinition("net_sentiment", "Net sentiment",
                         "% positive − % negative over the period's texts (positive > 0.05, negative < −0.05)."),
        MetricDefinition(
            "mean_sentiment",
            "Mean sentiment",
            "Mean polarity (from −1 to 1) over the period's texts. Positive above 0.05, negative below −0.05.",
        ),
        MetricDefinition("sentiment_texts", "Texts scored",
                         "The period's texts: contributions with text. Each has a polarity from −1 to 1 given by "
                         "the warehouse's sentiment scorer (see 'How is sentiment scored?')."),
        MetricDefinition("positive_share", "Positive",
                         "Share of the period's texts with polarity above 0.05."),
        MetricDefinition("neutral_share", "Neutral",
                         "Share of the period's texts with polarity from −0.05 to 0.05."),
        MetricDefinition("negative_share", "Negative", "Share of the period's texts with polarity below −0.05.",
                         higher_is_better=False),
        MetricDefinition("needs_reply", "Needs a reply",
                         "Negative texts (polarity below −0.05) of the period written by members who are neither "
                         "staff nor bots, with no contribution by a staff member later in the same thread in the "
                         "data loaded. Most negative first.", higher_is_better=False),
        MetricDefinition("negative_drivers", "What drives negative sentiment",
                         "Words and two-word phrases of the period's negative texts (after cleaning; common words "
                         "left out, negations kept), in at least 2 of them. Weight = the summed |polarity| of the "
                         "negative texts containing the term; change = weight − its weight in the previous period "
                         "of the same length. Biggest rise first."),
    ]
}

HUMANS_ONLY_NOTE = (
    "Human members only: bots (flagged by the source or an analyst) and staff (marked by an analyst) "
    "are excluded."
)
EVERYONE_NOTE = "Including bots and staff."
PERIOD_NOTE = "Periods are half-open [start, end), bucketed by calendar day in the reporting time zone ({tz})."

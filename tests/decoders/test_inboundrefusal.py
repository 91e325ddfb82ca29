"""The inboundrefusal decoder: an application's refusal of mail sent to its own inbound
address (a chat channel, a board, a task, a help desk, reply-by-email)."""

from pathlib import Path

import pytest

from tests.decoders.handwritten import plain_mail, records_of

ROUND_65 = Path(__file__).parent.parent / "fixtures" / "handmade-65" / "emails"

TOOLS = [
    # (file, the address the refused message was sent to, class)
    ("gl-slack-channel-02.eml", "bw-integration-ab12cd34ef56gh78@lindqvist-robotics.slack.example", 23),
    ("gl-asana-task-07.eml", "x+1109847253611872@mail.asana.example", 10),
    ("gl-trello-board-08.eml", "priyaraman4+3kq9zxw2mv8d1cp7r5tn@boards.trello.example", 10),
    ("gl-basecamp-project-09.eml", "bw-fennwick-rollout-8327714@3.basecamp.example", 23),
    ("gl-github-reply-05.eml", "reply+aar4tzj6wq7l2kxb5oeyvd53ucnh7evbnhhb3vq7fy@reply.github.example", 50),
    ("gl-jira-mailhandler-06.eml", "jira@harbor-logic.atlassian.example", 50),
    ("gl-servicenow-inbound-14.eml", "ostravamotion@service-now.example", 50),
    ("gl-freshdesk-support-11.eml", "support@marlow-instruments.freshdesk.example", 50),
]


@pytest.mark.parametrize(("name", "address", "bounce_class"), TOOLS)
def test_a_tools_refusal_is_a_bounce_of_the_address_the_mail_was_sent_to(name, address, bounce_class):
    (record,) = records_of((ROUND_65 / name).read_bytes())
    assert (record.recipient, str(record.event), int(record.bounce_class), record.decoder) == (
        address, "bounce", bounce_class, "inboundrefusal")
    assert record.diagnostic


def test_a_refusal_that_names_no_cause_is_a_refusal_of_the_sender():
    raw = plain_mail(
        "From: Boards <no-reply@boards.example>\nTo: jo@example.org\nAuto-Submitted: auto-replied\n"
        "Subject: Your email couldn't be added to Boards",
        "Hi Jo,\n\nThe email you sent to team+x7@in.boards.example wasn't added to any board.\n\n"
        "The Boards team\n")
    (record,) = records_of(raw)
    assert (record.recipient, str(record.reason), int(record.bounce_class)) == (
        "team+x7@in.boards.example", "sender_rejected", 50)


@pytest.mark.parametrize("headers", [
    # A person saying so, not an automatic notice.
    "From: Kim <kim@example.net>\nTo: jo@example.org\nSubject: Your email couldn't be posted",
    # An automatic acknowledgement that the mail was taken.
    "From: Boards <no-reply@boards.example>\nTo: jo@example.org\nAuto-Submitted: auto-replied\n"
    "Subject: Your email was added to Boards",
])
def test_no_refusal_without_an_automatic_notice_that_says_so(headers):
    body = "Your email to team+x7@in.boards.example was added to the board Launch.\n"
    assert all(r.decoder != "inboundrefusal" for r in records_of(plain_mail(headers, body)))

"""The abuse-report decoder: abuse desks' and people's complaints in prose."""

import bouncekit

SPAM = (b"Return-Path: <bounce-77@bnc.mailer.example>\nFrom: Shop <news@shop.example>\n"
        b"To: ana@isp.example\nSubject: Spring sale\nMessage-ID: <s1@shop.example>\n\nBuy now.\n")


DESK = "Abuse Team <abuse@hoster.example>"
COMPLAINT = "Complaint regarding spam from 198.51.100.8"


def _desk_report(body: bytes, *, attach: bytes | None = None, sender: str = DESK,
                 to: str = "postmaster@shop.example", subject: str = COMPLAINT, extra: str = "") -> bytes:
    head = f"From: {sender}\nTo: {to}\nSubject: {subject}\n{extra}MIME-Version: 1.0\n".encode()
    if attach is None:
        return head + b"Content-Type: text/plain\n\n" + body
    return (head + b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n' + body
            + b"\n--b\nContent-Type: message/rfc822\n\n" + attach + b"\n--b--\n")


def test_an_abuse_desk_s_report_with_the_message_attached_is_a_complaint_of_its_recipient():
    report = bouncekit.parse(_desk_report(b"We have received a complaint regarding unsolicited email (spam)"
                                          b" sent from your server. The reported message is attached.\n",
                                          attach=SPAM))
    assert report.decoder == "abuse-report"
    assert [(r.recipient, str(r.event), r.feedback_type) for r in report.records] == [
        ("ana@isp.example", "complaint", "abuse")]


def test_quoted_headers_and_listed_complainers():
    quoted = bouncekit.parse(_desk_report(
        b"Vi har fatt ett klagomal om spam fran er server. Se meddelandet nedan.\n\n"
        b"> From: Shop <news@shop.example>\n> To: birgitta@isp.example\n> Subject: Spring sale\n"))
    assert [r.recipient for r in quoted.records] == ["birgitta@isp.example"]
    listed = bouncekit.parse(_desk_report(
        b"We have received complaints from two members of our university regarding unsolicited email:\n\n"
        b"  - a.k@student.uni.example (student)\n  - t.m@staff.uni.example (staff)\n\nPlease remove them.\n",
        sender="IT Security <security@uni.example>"))
    assert [r.recipient for r in listed.records] == ["a.k@student.uni.example", "t.m@staff.uni.example"]


def test_a_masked_trap_address_gives_a_complaint_without_a_recipient():
    report = bouncekit.parse(_desk_report(
        b"Spam trap hit from 198.51.100.23.\n\n--- Message received at the trap ---\n\n"
        b"From: Shop <news@shop.example>\nTo: s*******@trap.example\nSubject: Picks\n",
        sender="Trap DNSBL <noreply@dnsbl.example>", to="abuse@mailer.example",
        subject="[Trap] Spam trap hit", extra="Return-Path: <>\n"))
    assert [(r.recipient, str(r.event)) for r in report.records] == [(None, "complaint")]


def test_a_person_s_complaint_counts_only_about_mail_from_the_domain_written_to():
    body = (b"This is SPAM. I unsubscribed twice. The latest one:\n\n"
            b"> Return-Path: <bounce-77@bnc.mailer.example>\n> From: Shop <news@shop.example>\n"
            b"> To: glen@home.example\n> Subject: Last chance\n")
    ours = _desk_report(body, sender="Glen <glen@home.example>", to="abuse@mailer.example", subject="SPAM")
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(ours).records] == [
        ("glen@home.example", "complaint")]
    theirs = _desk_report(body, sender="Glen <glen@home.example>", to="abuse@hosting.example", subject="SPAM")
    assert bouncekit.parse(theirs).records == ()
    # Under a country's registry, the organisation is the third label from the right:
    # mail from another .co.uk company is not the reader's.
    uk = body.replace(b"mailer.example", b"mailer.co.uk")
    ours_uk = _desk_report(uk, sender="Glen <glen@home.example>", to="abuse@mailer.co.uk", subject="SPAM")
    assert [r.recipient for r in bouncekit.parse(ours_uk).records] == ["glen@home.example"]
    theirs_uk = _desk_report(uk, sender="Glen <glen@home.example>", to="abuse@hosting.co.uk", subject="SPAM")
    assert bouncekit.parse(theirs_uk).records == ()


def test_a_filter_s_bounce_about_spam_to_the_postmaster_is_no_complaint():
    bounce = _desk_report(b"Your message to ana@isp.example could not be delivered: rejected as spam.\n",
                          sender="Mail Filter <postmaster@isp.example>", subject="Undeliverable: Spring sale",
                          attach=SPAM)
    report = bouncekit.parse(bounce)
    assert report.decoder != "abuse-report"
    assert all(str(r.event) != "complaint" for r in report.records)


def test_reports_and_statistics_without_a_reported_message_give_nothing():
    stats = _desk_report(b"Daily data: complaint rate < 0.1% for 198.51.100.37.\n",
                         sender="SNDS <snds-noreply@microsoft.example>", subject="SNDS data for 3/12/2025")
    assert bouncekit.parse(stats).records == ()

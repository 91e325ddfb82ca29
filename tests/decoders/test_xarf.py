"""The xarf decoder: X-ARF abuse reports about mail (hand-written, in the shapes of
blocklist operators and CERTs that send them)."""

import bouncekit


def _xarf(machine: str, evidence: str, *, machine_type: str = "text/plain") -> bytes:
    """A report: the operator's German text, the machine-readable part, the evidence."""
    return (
        "From: CERT Reports <reports@cert.example>\nTo: abuse@hoster.example\n"
        "Subject: [X-ARF] report for 192.0.2.77\nX-ARF: Yes\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="x"\n\n'
        "--x\nContent-Type: text/plain; charset=utf-8\n\nSehr geehrte Damen und Herren,\n"
        "von Ihrem Netz wurde die angehängte Nachricht versandt.\n\n"
        f"--x\nContent-Type: {machine_type}; name=\"report.txt\"\n\n{machine}\n\n"
        f"{evidence}--x--\n"
    ).encode()


_PHISH = (
    "--x\nContent-Type: message/rfc822\n\nFrom: Bank <service@bank-login.example>\n"
    "To: Clara Weiss <clara.weiss@mail-provider.example>\nSubject: Konto gesperrt\n"
    "Message-ID: <ph1@bank-login.example>\n\nBitte melden Sie sich an.\n"
)


def test_a_yaml_phishing_report_is_a_fraud_complaint_about_the_evidence_recipient():
    yaml = (
        "Reported-From: reports@cert.example\nCategory: fraud\nReport-Type: phishing\n"
        "Service: smtp\nVersion: 0.2\nSource-Type: ipv4\nSource: 192.0.2.77\n"
        "Date: Thu, 06 Mar 2025 11:20:00 +0100\nAttachment: message/rfc822\n"
    )
    report = bouncekit.parse(_xarf(yaml, _PHISH))
    [record] = report.records
    assert (record.recipient, str(record.event), record.feedback_type) == (
        "clara.weiss@mail-provider.example", "complaint", "fraud")
    assert (record.decoder, record.original_sender) == ("xarf", "service@bank-login.example")
    assert not report.is_bounce


def test_a_json_spam_report_with_the_trap_address_withheld_has_no_recipient():
    json_report = (
        '{"Version": "0.3", "ReporterInfo": {"ReporterOrg": "Trapnet"},'
        ' "Report": {"ReportClass": "Activity", "ReportType": "Spam", "SourceType": "IpAddress",'
        ' "Source": "192.0.2.77", "Date": "2025-03-06T10:20:00Z"}}'
    )
    evidence = (
        "--x\nContent-Type: message/rfc822\n\nFrom: <offers@hoster-customer.example>\nTo: <removed>\n"
        "Subject: Cheap flights\n\nbuy\n"
    )
    [record] = bouncekit.parse(_xarf(json_report, evidence, machine_type="application/json")).records
    assert (record.recipient, record.feedback_type, record.decoder) == (None, "abuse", "xarf")


def test_a_report_about_other_abuse_gives_no_record():
    yaml = (
        "Reported-From: reports@cert.example\nCategory: abuse\nReport-Type: login-attack\n"
        "Service: ssh\nPort: 22\nVersion: 0.2\nSource: 192.0.2.77\n"
    )
    evidence = "--x\nContent-Type: text/plain\n\nsshd[211]: Failed password for root from 192.0.2.77\n"
    report = bouncekit.parse(_xarf(yaml, evidence))
    assert report.records == () and report.decoder == "xarf"


def test_xarf_version_4_json_report_marked_x_xarf_plain():
    data = (b"From: Abuse Desk <abuse@isp.example>\nTo: abuse@sender.example\nX-XARF: PLAIN\n"
            b"Subject: XARF report: Spam from 198.51.100.61\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="b"\n\n'
            b"--b\nContent-Type: text/plain\n\nSee attached.\n\n"
            b'--b\nContent-Type: application/json; name="xarf.json"\n\n'
            b'{"Version": "4", "Report": {"ReportClass": "Messaging", "ReportType": "Spam",'
            b' "SourceIp": "198.51.100.61", "SmtpRcptToAddress": "r.castillo@isp.example"}}\n--b--\n')
    record, = bouncekit.parse(data).records
    assert (record.recipient, str(record.event), record.feedback_type) == (
        "r.castillo@isp.example", "complaint", "abuse")

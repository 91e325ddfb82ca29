"""The uucp decoder: uucleanup's warning and return of a job, uuxqt's rmail exit report."""

import bouncekit
from bouncekit import BounceClass


def _uucp(subject: str, body: str) -> bytes:
    return (f"From: uucp@hub.example (UNIX-to-UNIX Copy)\nTo: ann@example.edu\nSubject: {subject}\n\n"
            + body).encode()


_UNREACHED = "We have been unable to contact machine 'dairy' since you queued your job.\n\n\trmail greta\n\n"
_COPY = ("#############################################\n##### Data File: ############################\n"
         "Date: Mon, 1 Feb 93 11:40:03 EST\nFrom: ann@example.edu\nTo: greta@dairy.example\n"
         "Subject: samples\n\nGreta, could we pick them up on Thursday?\n")


def test_a_job_deleted_after_days_is_an_expired_failure_of_the_returned_copys_recipient():
    raw = _uucp("Undeliverable mail returned by uucp",
                _UNREACHED + "The job was queued 7 days ago and has now been deleted.\n"
                "Your message is returned below.\n\n" + _COPY)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.bounce_class) == (
        "greta@dairy.example", "bounce", BounceClass.TIMEOUT)


def test_the_warning_before_the_deletion_is_a_delay():
    raw = _uucp("Warning From uucp",
                _UNREACHED + "The job will be deleted in several days if the problem is not corrected.\n\n"
                + _COPY)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.bounce_class) == (
        "greta@dairy.example", "delayed", BounceClass.SOFT_BOUNCE)


def test_uuxqts_report_of_a_failed_rmail_names_its_argument():
    raw = _uucp("uuxqt cmd (rmail) status (exit 1)",
                "remote execution\t[uucp job hubN4b2a (6/21-02:38:55)]\n\trmail (sue@supply.example)\n"
                "exited with status 1\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("sue@supply.example", BounceClass.GENERIC)

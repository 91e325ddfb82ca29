"""The listrefusal decoder: a refusal of a post by a mailing-list manager that has no
decoder of its own. Every message here is hand-written, in other products' words."""

import pytest

import bouncekit
from bouncekit import api
from bouncekit.decoders import REGISTRY
from bouncekit.decoders.base import Index
from tests.conftest import corpus_bytes
from tests.decoders.handwritten import plain_mail, records_of

NON_MEMBER_REFUSALS = [
    # (From, Subject, text, the list's address)
    ("dev+owner@lists.example.net", "Your post to dev was not distributed",
     "Hi,\n\nyour message to dev@lists.example.net was not distributed, because you are not a\n"
     "subscriber of the list. Subscribe first, then send it again.\n", "dev@lists.example.net"),
    ("announce-admin@example.com", "Message refused",
     "Only subscribers may post to the list announce@example.com.\nYour message has not been sent.\n",
     "announce@example.com"),
    ("team-request@groups.example.org", "Rejected: Lunch on Friday",
     "Non-member submission from jo@example.org to team@groups.example.org rejected.\n"
     "Posting to this group is restricted to members.\n", "team@groups.example.org"),
    # The list is named only by the address the notice comes from.
    ("owner-sales@example.co.uk", "Your message could not be posted",
     "You are not allowed to post to this mailing list.\n\nThe list administrator\n",
     "sales@example.co.uk"),
    ("kaiin-admin@ml.example.jp", "投稿できませんでした (kaiin ML)",
     "あなたはこのメーリングリスト <kaiin@ml.example.jp> のメンバーではありません。\n",
     "kaiin@ml.example.jp"),
]


@pytest.mark.parametrize(("sender", "subject", "text", "address"), NON_MEMBER_REFUSALS)
def test_a_list_managers_refusal_of_a_non_members_post(sender, subject, text, address):
    raw = plain_mail(f"From: {sender}\nTo: jo@example.org\nSubject: {subject}", text)
    records = records_of(raw)
    assert [r.recipient for r in records] == [address]
    record = records[0]
    assert str(record.event) == "bounce"
    assert str(record.reason) == "sender_rejected"
    assert int(record.bounce_class) == 50
    assert record.diagnostic


NON_REFUSALS = [
    # A person telling someone they are not a member.
    ("kim@example.net", "Re: the list", "You are not a member of the dev list yet; ask the owner.\n"),
    # A list's welcome: no refusal.
    ("dev-request@lists.example.net", "Welcome to dev",
     "Welcome! You are now a member of dev@lists.example.net. Only members may post, so\n"
     "you can write to the list from now on.\n"),
    # A post held for the moderator: it may still be posted.
    ("dev-owner@lists.example.net", "Your message to dev awaits moderator approval",
     "Your mail to dev@lists.example.net is being held until the list moderator can review it\n"
     "for approval. The reason it is being held: post by non-member to a members-only list.\n"),
    # An administrator's notice about membership of something else than a list.
    ("it-admin@example.net", "VPN access",
     "You are not a member of the VPN group yet, so the remote access request of\n"
     "jo@example.org was not accepted. Ask helpdesk@example.net.\n"),
    # A list's own post about bounces (a newsletter), sent from the list's address.
    ("news@lists.example.net", "This month's news",
     "Some of you are not a member of the forum yet; non-member posts bounce, so subscribe.\n"),
]


@pytest.mark.parametrize(("sender", "subject", "text"), NON_REFUSALS)
def test_no_record_for_a_list_message_that_refuses_no_post(sender, subject, text):
    assert records_of(plain_mail(f"From: {sender}\nTo: jo@example.org\nSubject: {subject}", text)) == []


def test_no_record_for_a_list_servers_reply_to_an_unsubscribe_command():
    raw = plain_mail("From: majordomo-owner@lists.example.net\nTo: jo@example.org\n"
                     "Subject: Re: unsubscribe dev",
                     ">>>> unsubscribe dev\n**** You are not a member of list dev@lists.example.net.\n")
    assert records_of(raw) == []



def test_fmls_refusal_read_without_the_fml_decoder(monkeypatch):
    monkeypatch.setattr(api, "INDEX", Index([d for d in REGISTRY if d.name != "fml"]))
    records = bouncekit.parse(corpus_bytes("lhost-fml-02.eml")).records
    assert [(r.recipient, r.decoder, int(r.bounce_class)) for r in records] == [
        ("neko-nyaan@example.org", "listrefusal", 50)
    ]


CAUSE_REFUSALS = [
    # A refusal for another cause than membership: the rules read its words.
    ("kirrin-beta+owner@lists.example.net", "Subscribers only",
     "Hi, this is the mlmmj program managing the mailinglist\n\nkirrin-beta@lists.example.net\n\n"
     "The message from\n\njo@example.org\n\nwith subject\n\nPlugin beta\n\n"
     "was unable to be delivered to the list because of the following reason:\n\n"
     "Only subscribers may post to this list.\n", "kirrin-beta@lists.example.net", 50),
    ("council+owners@example.com", "Message rejected: Webinar invitation",
     "Your message to the group council was rejected by a group moderator.\n\n"
     "Group: council@example.com\nSubject: Webinar invitation\n", "council@example.com", 50),
    ("dev-owner@lists.example.net", "Message rejected",
     "Your message to dev@lists.example.net has been rejected because it exceeds the maximum\n"
     "message size for this list (200 KB).\n", "dev@lists.example.net", 23),
]


@pytest.mark.parametrize(("sender", "subject", "text", "address", "bounce_class"), CAUSE_REFUSALS)
def test_a_post_refused_for_its_size_or_by_a_moderator(sender, subject, text, address, bounce_class):
    raw = plain_mail(f"From: {sender}\nTo: jo@example.org\nSubject: {subject}", text)
    (record,) = records_of(raw)
    assert (record.recipient, str(record.event), int(record.bounce_class)) == (
        address, "bounce", bounce_class)

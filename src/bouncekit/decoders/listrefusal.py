"""A mailing-list manager's refusal of a post, from managers without a decoder of their own.

A list server that will not distribute a post answers the poster from one of the list's
own administrative addresses (``<list>-admin@``, ``<list>-owner@``, ``owner-<list>@``,
``<list>-request@``, ``<list>+owner@``) with a short notice that says the post was
refused because of who sent it: "You are not a member of this mailing list <list@host>",
"Only subscribers may post to this list", "Non-member submission", "You are not allowed
to post to this group". Mailman, ezmlm, LISTSERV, Majordomo, Sympa, Lyris, fml and Google
Groups have decoders of their own, earlier in the registry; this one reads the same kind
of notice from the others and from variants those do not know.

Whatever the wording, such a notice says one thing: the list refused this sender. The
reason is decided here (``sender_rejected``). A notice that the post was refused for
what it is (its size) or by a moderator ("was rejected by a group moderator", "was unable
to be delivered to the list because of the following reason: ...") leaves the reason to
the rules, which read the notice from the refusal on. The recipient is the list: the first
address the refusal names that is neither the reader's nor an administrative one, else
the list behind the administrative address that sent the notice. A notice that a post
is held for a moderator is no refusal (it may still be posted) and gives no record.

Fixtures: lhost-fml-02.eml read without the fml decoder (bench/ablation.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, Keys, is_list_sender
from bouncekit.decoders.fallback.notice import notification_text
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

#: Characters of the notice read: the refusal is its first statement.
_MAX_NOTICE = 2000
#: The poster is refused for who they are: not a member or subscriber, not allowed to
#: post. (Lower case, whitespace collapsed.)
_REFUSED = re.compile(
    r"\b(?:you are|you.re|sender is|poster is|you have) not (?:a |yet )?(?:registered )?"
    r"(?:member|subscriber|subscribed)\b|"
    r"\bnon-?(?:member|subscriber) (?:submission|post|posting|message)s?\b|"
    r"\bnot (?:allowed|permitted|authori[sz]ed) to (?:post|send (?:mail |messages? )?to (?:this|the) "
    r"(?:list|group|mailing list))\b|"
    r"メンバーではありません|会員ではありません|投稿(?:する)?(?:権限|資格)がありません"
)
#: The list's rule, which refuses a post only where the notice also says this one was
#: not distributed (a welcome message states the same rule).
_MEMBERS_ONLY = re.compile(
    r"\bonly (?:list )?(?:members|subscribers) (?:may|can|are (?:allowed|permitted) to) "
    r"(?:post|send|write)\b|"
    r"\bpost(?:s|ing)? (?:to this (?:list|group) )?(?:is |are )?(?:restricted|limited) to (?:list )?"
    r"(?:members|subscribers)\b"
)
_NOT_DISTRIBUTED = re.compile(
    r"\b(?:rejected|refused|not (?:been )?(?:distributed|sent|posted|accepted|delivered)|"
    r"unable to be (?:delivered|distributed|posted))\b"
)
#: The post refused for what it is or by a moderator, the cause in the notice's words
#: ("Your message to the group x was rejected by a group moderator", "was unable to be
#: delivered to the list because of the following reason: ...", "has been rejected
#: because it exceeds the maximum message size").
_POST_REFUSED = re.compile(
    r"\b(?:your |the )?(?:message|post|posting|submission|e-?mail)\b.{0,200}? (?:was|has been|have been) "
    r"(?:rejected|refused|declined)\b|"
    r"\b(?:was|were) unable to be (?:delivered|distributed|posted) to the (?:list|group|mailing list)\b|"
    r"\brejected by (?:the |a )?(?:list |group )?moderator"
)
#: A list or a post named: an administrator's notice about membership of something
#: else ("you are not a member of the VPN group") is no list's refusal.
_OF_A_LIST = re.compile(r"\blists?\b|\bpost|\bmailing\b|\bml\b|メーリングリスト|投稿")
_OF_A_GROUP = re.compile(r"\bgroups?\b")
#: A reply to a command sent to the list server ("unsubscribe: you are not subscribed"):
#: about the command, not a post.
_COMMAND_REPLY = re.compile(
    r"^(?:re: ?)?(?:un)?subscri(?:be|bed|ption)\b|^(?:re: ?)?(?:signoff|leave|join)\b|\bcommand|\bresults\b",
)
#: A post held for a moderator's decision: not refused (yet).
_HELD = re.compile(
    r"\b(?:held|awaiting|awaits|waiting for|pending) (?:for )?(?:the )?(?:list )?"
    r"(?:moderat|approv|review)|\bbeing held\b|\bmoderator (?:will|can|must) (?:review|approve)"
)
#: The From address's part that makes it a list's administrative address; the index
#: looks the message up by it (``is_list_sender`` then decides).
_ADMIN_KEYS = ("owner", "admin", "request", "listserv", "majordom", "mailman", "sympa", "lyris",
               "listmaster", "listmanager", "ezmlm", "approval", "editor")


class ListRefusal(Decoder):
    name = "listrefusal"
    keyed = True
    more_keys = Keys(addresses=_ADMIN_KEYS)

    def matches(self, msg: MessageView) -> bool:
        sender = msg.from_address
        return any(key in sender for key in _ADMIN_KEYS) and is_list_sender(sender)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = notification_text(msg)[:_MAX_NOTICE]
        flat = " ".join(text.split()).lower()
        subject = msg.subject.strip().lower()
        refused = _REFUSED.search(flat) or _REFUSED.search(subject)
        if refused is None and _NOT_DISTRIBUTED.search(flat):
            refused = _MEMBERS_ONLY.search(flat)
        reason: Reason | None = Reason.SENDER_REJECTED
        if refused is None:
            # Refused for another cause (its size, a moderator's verdict): the rules read
            # the notice's words from the refusal on.
            refused, reason = _POST_REFUSED.search(flat), None
        if refused is None or _HELD.search(flat) or _COMMAND_REPLY.search(subject):
            return None
        # (A post refused by a group's moderator names the group: that is a list too.)
        of_a_group = reason is None and _OF_A_GROUP.search(flat) is not None
        if not (_OF_A_LIST.search(flat) or _OF_A_LIST.search(subject) or of_a_group):
            return None
        recipient = _list_address(msg, text)
        if recipient is None:
            return None
        diagnostic = _sentence(text, refused[0]) if reason else _from(text, refused[0])
        return [Finding(recipient=recipient, diagnostic=diagnostic, reason=reason)]


def _list_address(msg: MessageView, text: str) -> str | None:
    """The list's address: the first the notice (else its subject) names that is neither
    the reader's nor administrative, else the list behind the sender's address."""
    reader = {a.lower() for a in (strip_address(msg.header("To")), strip_address(msg.header("Cc"))) if a}
    for source in (text, msg.subject):
        for m in ADDRESS.finditer(source):
            address = m[1].lower()
            if address not in reader and not is_list_sender(address):
                return address
    local, _, domain = msg.from_address.partition("@")
    name = re.sub(r"^owner-|[-+](?:owner|admin|request|approval|editor)$", "", local)
    return f"{name}@{domain}" if name and name != local and domain else None


def _sentence(text: str, words: str) -> str:
    """The notice's sentence (or line) that refuses the poster."""
    flat = " ".join(text.split())
    i = flat.lower().find(words)
    if i < 0:
        return flat[:300]
    start = max(flat.rfind(". ", 0, i) + 2, 0) if flat.rfind(". ", 0, i) >= 0 else 0
    end = flat.find(". ", i)
    return flat[start : end + 1 if end >= 0 else min(len(flat), i + 300)].strip()


def _from(text: str, words: str) -> str:
    """The notice from the sentence that holds ``words`` on, up to 400 characters: the
    refusal and the cause after it ("... because of the following reason: Only
    subscribers may post", "Note from the moderator: ...")."""
    flat = " ".join(text.split())
    i = flat.lower().find(words)
    start = max(flat.rfind(". ", 0, i) + 2, 0) if i > 0 and flat.rfind(". ", 0, i) >= 0 else max(i, 0)
    return flat[start : start + 400].strip()

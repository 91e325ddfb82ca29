"""bouncekit.charsets: text read through a wrong charset, or left encoded, read back."""

import pytest

from bouncekit.charsets import encoded_words, legacy_text, repaired

#: The five bytes Windows-1252 leaves undefined, which programs show as Latin-1's C1 controls.
_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def misread(raw: bytes) -> str:
    """``raw`` as a program that reads every byte as Windows-1252 shows it."""
    return "".join(chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in raw)


@pytest.mark.parametrize("written", [
    "Message refusé : contenu considéré comme spam",
    "Relaying nicht erlaubt – Absender unbekannt",
    "ウイルスが検出されたため受信を拒否しました",
    "您的IP地址已被列入黑名单",
])
def test_utf8_read_as_windows_1252_once_or_twice_is_read_back(written: str) -> None:
    once = misread(written.encode("utf-8"))
    twice = misread(once.encode("utf-8"))
    assert written != once != twice
    assert repaired(once) == repaired(twice) == written


def test_misread_letters_beside_characters_that_were_never_misread_are_read_back() -> None:
    # A real non-breaking space (a spreadsheet's) beside "â€“" (a dash read as Windows-1252).
    damaged = "550\xa05.7.1 Relaying nicht erlaubt â€“ Absender"
    assert repaired(damaged) == "550\xa05.7.1 Relaying nicht erlaubt – Absender"


@pytest.mark.parametrize(("written", "charset"), [
    ("IP-адрес 198.51.100.88 находится в черном списке", "cp1251"),
    ("Почтовый ящик переполнен", "koi8_r"),
    ("邮件中含有病毒，已拒收", "gbk"),
    ("送信元IPアドレスはブラックリストに登録されています", "shift_jis"),
    ("받는 사람의 메일함이 가득 찼습니다", "cp949"),
    ("Πελάτης: το γραμματοκιβώτιο του παραλήπτη είναι πλήρες", "cp1253"),
    ("ההודעה לא נמסרה: תיבת הדואר מלאה", "cp1255"),
    ("تعذر تسليم رسالتك: المستخدم غير موجود", "cp1256"),
    ("ไม่สามารถส่งข้อความได้ กล่องจดหมายของผู้รับเต็ม", "cp874"),
])
def test_a_legacy_set_read_as_windows_1252_is_read_back(written: str, charset: str) -> None:
    raw = written.encode(charset)
    assert repaired("550 5.7.1 " + misread(raw)) == "550 5.7.1 " + written
    assert legacy_text(raw) == written


def test_a_text_cut_in_the_middle_of_a_character_is_read_back_up_to_the_cut() -> None:
    assert repaired(misread("您的IP地址已被列入黑名单".encode()[:-1])) == "您的IP地址已被列入黑名"


@pytest.mark.parametrize("text", [
    "Empfänger unbekannt, Größe überschritten, bitte ändern",
    "“Mailbox” isn’t ‘full’ – à la carte, élève préféré, déjà vu",
    "Россия Спасибо РСФСР",
    "550 5.1.1 user unknown",
    "Ã bientôt, ça va",  # (not a UTF-8 sequence)
])
def test_text_that_was_read_right_is_left_as_it_is(text: str) -> None:
    assert repaired(text) == text


def test_western_text_with_no_charset_is_no_legacy_set() -> None:
    german = "Das Postfach des Empfängers ist voll (Speicherlimit überschritten)"
    assert legacy_text(german.encode("latin-1")) is None
    assert legacy_text("Le destinataire n'a pas été trouvé, vérifiez l'adresse".encode("cp1252")) is None


def test_iso_2022_jp_whose_escapes_were_dropped_is_read_back() -> None:
    stripped = "送信元IPアドレス".encode("iso2022_jp").replace(b"\x1b", b"").decode("ascii")
    assert repaired(f"550 5.7.1 {stripped} 198.51.100.62") == "550 5.7.1 送信元IPアドレス 198.51.100.62"
    assert repaired("costs $B100 a month") == "costs $B100 a month"


def test_encoded_words_are_decoded_and_broken_ones_left() -> None:
    assert encoded_words("=?UTF-8?B?NTUyIDUuMi4yIE1haWxib3ggZnVsbA==?=") == "552 5.2.2 Mailbox full"
    two = "=?utf-8?q?Message_refus=C3=A9?= =?utf-8?q?_pour_spam?="
    assert encoded_words(two) == "Message refusé pour spam"
    broken = "=?x-unknown?B?NTUy?= and =?UTF-8?B?@@@?="
    assert encoded_words(broken) == broken


def test_iso_2022_jp_kept_whole_with_its_escapes_is_read():
    raw = "このメッセージは送信できませんでした。".encode("iso2022_jp").decode("ascii")
    assert repaired(raw) == "このメッセージは送信できませんでした。"


def test_other_alphabets_read_as_windows_1251_are_not_taken_for_russian() -> None:
    # Hebrew, Greek and Arabic bytes read as Windows-1251 or KOI8-R give Cyrillic letters
    # too, but not Russian words (a word that opens with "ы", a capital inside a word).
    for written, charset in (("תיבת הדואר של הנמען מלאה", "cp1255"), ("Το μήνυμα δεν παραδόθηκε", "cp1253"),
                             ("المستخدم غير موجود", "cp1256")):
        assert legacy_text(written.encode(charset)) == written

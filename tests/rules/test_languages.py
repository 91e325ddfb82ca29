"""Non-English replies, as a new user's bounces word them: what ``bouncekit.classify`` says.

Each row is a reply or diagnostic in the words of a national provider, a localised
Exchange / Microsoft 365 NDR or a translated Postfix, Exim, Dovecot or qmail template,
written independently of the samples of ``rules/languages/*.toml`` (other word orders,
genders, plurals, accents dropped, codes missing or contradicting the words). The
expected class is the taxonomy's; nothing in the engine knows these rows. Near misses
(a domain named beside an unknown user, a sender's quota, a negation) are here too:
they must not take the class their words only resemble. Addresses and IPs are
documentation values (RFC 2606 / RFC 5737).
"""

import pytest

import bouncekit
from bouncekit.classifier import default_rules
from bouncekit.model import BounceClass as C

UNKNOWN = C.INVALID_RECIPIENT
FULL = C.MAILBOX_FULL
SOFT = C.SOFT_BOUNCE
DNS = C.DNS_FAILURE
LARGE = C.TOO_LARGE
TIMEOUT = C.TIMEOUT
BLOCK = C.MAIL_BLOCK
SPAMBLOCK = C.SPAM_BLOCK
SPAM = C.SPAM_CONTENT
VIRUS = C.PROHIBITED_ATTACHMENT
RELAY = C.RELAYING_DENIED
GENERIC = C.GENERIC
DELAYED = C.TRANSIENT
AUTO = C.AUTO_REPLY
CHALLENGE = C.CHALLENGE_RESPONSE

REPLIES = {
    "de": [
        (CHALLENGE, "Diese Adresse ist durch ein Challenge-Response-Verfahren geschützt: "
                    "Bestätigen Sie, dass Sie ein Mensch sind."),
        (DNS, "550 5.1.2 Der Mailserver der Domain example-tippfehler.de konnte per DNS nicht "
              "aufgelöst werden"),
        (SOFT, "550 5.2.1 Das Postfach <info@example.de> ist vorübergehend gesperrt"),
        (AUTO, "Ich bin derzeit abwesend und ab Montag wieder im Büro."),
        (TIMEOUT, "Die Verbindung zum Server wurde unterbrochen"),
        (FULL, "Das Postfach hat die maximale Größe erreicht"),
        (DNS, "550 Host nicht gefunden"),
        (UNKNOWN, "Ihre Nachricht konnte nicht übermittelt werden. Der Empfänger wurde nicht gefunden."),
        (UNKNOWN, "550 5.1.1 <info@example.de>: Die E-Mail-Adresse des Empfängers existiert nicht. "
                  "Bitte prüfen Sie die Schreibweise."),
        (UNKNOWN, "550 Mailbox nicht gefunden"),
        (UNKNOWN, "Das angegebene Benutzerkonto ist auf diesem Server nicht vorhanden."),
        (UNKNOWN, "Der Empfänger ist in der Domain example.de unbekannt"),
        (FULL, "452 4.2.2 Das Postfach von info@example.de ist voll"),
        (FULL, "550 Speicherkontingent des Postfachs überschritten, Zustellung nicht möglich"),
        (FULL, "Nicht genügend Speicherplatz im Postfach des Empfängers."),
        (SOFT, "550 5.2.1 Dieses Benutzerkonto ist gesperrt"),
        (SOFT, "451 Zu viele E-Mails in kurzer Zeit, bitte später erneut versuchen"),
        (SOFT, "450 Der Dienst ist derzeit nicht verfügbar"),
        (BLOCK, "554 Ihre Nachricht wurde vom Empfängersystem abgelehnt."),
        (BLOCK, "550 Ungültige Absender-Domain"),
        (SPAMBLOCK, "554 Mailserver 192.0.2.7 wegen Spam gesperrt"),
        (SPAM, "550 5.7.1 Nachricht wurde als unerwünschte Werbung abgewiesen: Spam-Score zu hoch"),
        (VIRUS, "554 Anhang gesperrt: Dateityp .js ist nicht zulässig"),
        (RELAY, "554 5.7.1 <kunde@example.com>: Relay-Zugriff verweigert"),
        (DNS, "Die Zieldomäne example-tippfehler.de existiert nicht (keine MX-Einträge)."),
        (DNS, "451 DNS-Fehler: Namensauflösung fehlgeschlagen für mx.example.de"),
        (LARGE, "552 Ihre E-Mail mit 31 MB ist zu gross für diesen Empfänger"),
        (TIMEOUT, "Die Nachricht wurde nach 4 Tagen erfolglos aufgegeben: der Server antwortet nicht"),
        (GENERIC, "554 5.4.6 Nachrichtenschleife: die E-Mail wird an sich selbst weitergeleitet"),
        (RELAY, "554 5.7.1 Weiterleitung (Relay) ist nicht gestattet"),
        (DELAYED, "Die Zustellung Ihrer Nachricht hat sich verzögert. Es wird automatisch erneut versucht."),
    ],
    "fr": [
        (CHALLENGE, "Pour que votre message soit délivré, prouvez que vous n'êtes pas un robot : https://example.fr/v"),
        (SPAM, "554 Votre message ressemble à du spam"),
        (FULL, "Quota de la boîte aux lettres dépassé"),
        (UNKNOWN, "Votre message n'a pas pu être remis car l'adresse de messagerie est introuvable."),
        (UNKNOWN, "550 5.1.1 <contact@example.fr>: adresse e-mail inconnue sur ce serveur"),
        (UNKNOWN, "550 Boite aux lettres inexistante"),
        (UNKNOWN, "Le destinataire n'est pas valide : utilisateur introuvable dans l'annuaire."),
        (UNKNOWN, "Utilisateur inconnu dans le domaine example.fr"),
        (UNKNOWN, "Ce compte a été supprimé."),
        (FULL, "452 4.2.2 Boite de reception du destinataire saturee"),
        (FULL, "552 Dépassement de quota pour l'utilisateur contact@example.fr"),
        (SOFT, "550 5.2.1 Le compte de messagerie du destinataire est désactivé"),
        (SOFT, "421 Trop de messages envoyés depuis votre adresse, veuillez patienter"),
        (SOFT, "451 Le serveur est temporairement indisponible"),
        (BLOCK, "550 Votre message a été refusé par le serveur du destinataire"),
        (BLOCK, "553 5.1.8 Expéditeur inconnu"),
        (SPAMBLOCK, "554 L'adresse IP 192.0.2.9 est bloquée : source de spam connue"),
        (SPAM, "550 Message identifié comme pourriel par notre filtre"),
        (VIRUS, "552 Les pièces jointes exécutables ne sont pas acceptées sur ce serveur"),
        (RELAY, "554 5.7.1 Relayage refusé pour <client@example.com>"),
        (DNS, "Nom de domaine introuvable : example-faute.fr"),
        (LARGE, "552 Votre courriel est trop volumineux pour être distribué"),
        (LARGE, "552 Taille maximale autorisée : 20 Mo"),
        (TIMEOUT, "Connexion impossible avec le serveur mx.example.fr : délai d'attente dépassé"),
        (RELAY, "554 Relais (relaying) refusé"),
        (DELAYED, "Le message n'a pas encore été distribué. Nouvelles tentatives seront effectuées."),
        (SPAM, "Message refusé comme spam"),
    ],
    "es": [
        (CHALLENGE, "Confirma que eres un ser humano para que tu mensaje llegue al destinatario."),
        (AUTO, "Estoy de viaje hasta el lunes; responderé a mi regreso."),
        (AUTO, "Me encuentro fuera de la oficina hasta el 7 de enero y con acceso limitado al correo."),
        (AUTO, "Estoy de vacaciones; responderé a mi vuelta."),
        (UNKNOWN, "No se pudo entregar el mensaje porque no se encontró la dirección de correo electrónico."),
        (UNKNOWN, "550 5.1.1 <ventas@example.es>: la dirección de correo no existe en este servidor"),
        (UNKNOWN, "550 Usuario inválido"),
        (UNKNOWN, "550 No existe el buzón solicitado"),
        (UNKNOWN, "La cuenta del dominio example.es no existe"),
        (FULL, "452 4.2.2 Buzón saturado"),
        (FULL, "552 El destinatario ha excedido su cuota de almacenamiento"),
        (FULL, "La casilla de correo del destinatario se encuentra llena."),
        (SOFT, "550 5.2.1 La cuenta de correo está suspendida temporalmente"),
        (SOFT, "421 Demasiados mensajes en poco tiempo, intente más tarde"),
        (BLOCK, "550 Correo rechazado por el administrador"),
        (BLOCK, "553 Dirección del remitente inválida"),
        (SPAMBLOCK, "554 Su IP ha sido bloqueada por envío masivo de spam"),
        (SPAM, "550 5.7.1 Mensaje rechazado: contenido marcado como correo basura"),
        (VIRUS, "552 Archivos adjuntos no permitidos (.exe, .scr)"),
        (RELAY, "554 5.7.1 Retransmisión denegada para <cliente@example.com>"),
        (DNS, "El dominio del destinatario no existe"),
        (LARGE, "552 El correo supera el tamaño permitido"),
        (TIMEOUT, "No se pudo conectar con el servidor de destino: tiempo de espera excedido"),
        (RELAY, "554 Retransmisión (relay) denegada"),
        (DELAYED, "El mensaje todavía no ha sido entregado; se volverá a intentar."),
        (SPAM, "Correo bloqueado como spam"),
    ],
    "pt": [
        (CHALLENGE, "Prove que não é um robô clicando no link abaixo para confirmar seu envio."),
        (AUTO, "Estarei de férias entre 2 e 16 de fevereiro."),
        (AUTO, "Estou ausente do escritório esta semana. Responderei no meu regresso."),
        (SPAM, "550 Mensagem considerada spam"),
        (UNKNOWN, "A mensagem não pôde ser entregue porque o endereço de email não foi encontrado."),
        (UNKNOWN, "550 5.1.1 <contato@example.com.br>: o usuário não existe"),
        (UNKNOWN, "550 Endereço de e-mail inválido"),
        (UNKNOWN, "550 O destinatário não foi encontrado no servidor"),
        (UNKNOWN, "O utilizador indicado não existe neste servidor"),
        (FULL, "452 4.2.2 Caixa postal lotada"),
        (FULL, "552 A caixa de correio do utilizador excedeu a quota"),
        (FULL, "O destinatário atingiu o limite de armazenamento da conta."),
        (SOFT, "550 5.2.1 A conta do destinatário está bloqueada"),
        (SOFT, "421 Excesso de conexões, tente novamente mais tarde"),
        (BLOCK, "550 Mensagem recusada pelo servidor de destino"),
        (BLOCK, "553 Remetente inválido"),
        (SPAMBLOCK, "554 Endereço IP listado por envio de spam"),
        (SPAM, "550 5.7.1 Mensagem classificada como spam pelo filtro anti-spam"),
        (VIRUS, "552 Anexo bloqueado: extensão .exe não permitida"),
        (RELAY, "554 5.7.1 Relay negado para <cliente@example.com>"),
        (DNS, "Domínio inexistente: example-erro.com.br"),
        (DNS, "Falha de DNS ao resolver mx.example.com.br"),
        (LARGE, "552 O anexo é demasiado grande"),
        (SOFT, "Não foi possível conectar ao servidor de destino: conexão recusada"),
        (RELAY, "554 Reencaminhamento (relay) negado"),
        (DELAYED, "A mensagem ainda não foi entregue; o servidor continuará tentando."),
        (SPAM, "E-mail recusado como spam"),
    ],
    "it": [
        (CHALLENGE, "Dimostra di non essere un robot: il tuo messaggio sarà consegnato solo dopo "
                    "la conferma."),
        (AUTO, "Mi trovo fuori sede fino a venerdì; risponderò al mio rientro."),
        (AUTO, "Sono in vacanza dal 10 al 20 agosto con accesso limitato alla posta."),
        (UNKNOWN, "Impossibile recapitare il messaggio perché l'indirizzo di posta elettronica "
                  "non è stato trovato."),
        (UNKNOWN, "550 5.1.1 <info@example.it>: indirizzo inesistente"),
        (UNKNOWN, "550 L'utente non esiste su questo server"),
        (UNKNOWN, "550 Destinatario non trovato"),
        (UNKNOWN, "Nessun utente corrispondente all'indirizzo indicato"),
        (FULL, "Errore: la casella del destinatario risulta satura"),
        (FULL, "552 5.2.2 Mailbox piena, impossibile recapitare il messaggio"),
        (FULL, "452 Quota della casella superata"),
        (FULL, "La mailbox del destinatario ha raggiunto la dimensione massima"),
        (SOFT, "550 5.2.1 Casella disattivata per inattività"),
        (SOFT, "421 Troppi messaggi inviati, riprovare più tardi"),
        (SOFT, "451 Il server è temporaneamente non disponibile"),
        (BLOCK, "550 Posta rifiutata dal sistema del destinatario"),
        (SPAMBLOCK, "554 Indirizzo IP bloccato: scarsa reputazione"),
        (SPAM, "550 5.7.1 Messaggio ritenuto spam e rifiutato"),
        (VIRUS, "552 Allegati eseguibili vietati"),
        (RELAY, "554 5.7.1 Inoltro negato per <cliente@example.com>"),
        (DNS, "Il dominio example-errore.it non esiste"),
        (LARGE, "552 Dimensioni del messaggio eccessive"),
        (TIMEOUT, "Impossibile connettersi al server di destinazione"),
        (RELAY, "554 Inoltro (relaying) negato per questo dominio"),
        (DELAYED, "Recapito ritardato: ulteriori tentativi di consegna saranno effettuati."),
        (SPAM, "Messaggio respinto come posta indesiderata"),
        (DNS, "Il dominio del destinatario è sconosciuto"),
    ],
    "nl": [
        (CHALLENGE, "Uw bericht wordt pas afgeleverd nadat u dit bevestigt via de link hieronder."),
        (AUTO, "Afwezigheidsmelding: ik ben tot en met 28 juli op vakantie."),
        (AUTO, "Ik ben buiten kantoor tot maandag."),
        (LARGE, "552 Het bericht is groter dan toegestaan"),
        (SPAM, "550 Bericht als spam herkend"),
        (DNS, "Domein onbekend"),
        (UNKNOWN, "Het bericht kan niet worden bezorgd omdat het e-mailadres niet is gevonden."),
        (UNKNOWN, "550 5.1.1 <info@example.nl>: onbekend e-mailadres"),
        (UNKNOWN, "550 De ontvanger bestaat niet"),
        (UNKNOWN, "550 Gebruiker niet gevonden op deze server"),
        (FULL, "452 4.2.2 Mailbox is vol"),
        (FULL, "552 Het quotum van de mailbox is overschreden"),
        (FULL, "De postbus van de geadresseerde zit vol."),
        (SOFT, "550 5.2.1 Het account van de ontvanger is geblokkeerd"),
        (SOFT, "421 Te veel berichten verzonden, probeer het later opnieuw"),
        (BLOCK, "550 Het bericht werd geweigerd door de server van de ontvanger"),
        (SPAMBLOCK, "554 Uw IP-adres staat op een zwarte lijst"),
        (SPAM, "550 5.7.1 Bericht gemarkeerd als ongewenste mail"),
        (VIRUS, "552 Bijlagen met de extensie .exe zijn niet toegestaan"),
        (RELAY, "554 5.7.1 Relaying geweigerd voor <klant@example.com>"),
        (DNS, "Het domein example-typfout.nl bestaat niet"),
        (LARGE, "552 Bericht te groot voor deze ontvanger"),
        (TIMEOUT, "Kan geen verbinding maken met mx.example.nl"),
        (RELAY, "554 Doorsturen (relay) geweigerd"),
        (DELAYED, "Het bericht is nog niet bezorgd. Het wordt later opnieuw geprobeerd."),
        (TIMEOUT, "Het bericht kon binnen 5 dagen niet worden bezorgd"),
    ],
    "pl": [
        (AUTO, "Dzień dobry, do 30 czerwca jestem w delegacji. W sprawach pilnych proszę dzwonić "
               "do sekretariatu."),
        (UNKNOWN, "Nie można dostarczyć wiadomości, ponieważ nie znaleziono adresu e-mail."),
        (UNKNOWN, "550 5.1.1 <biuro@example.pl>: adres e-mail nie istnieje"),
        (UNKNOWN, "550 Nieznany odbiorca"),
        (UNKNOWN, "550 Brak takiego konta na serwerze"),
        (UNKNOWN, "Brak takiego użytkownika w systemie pocztowym"),
        (FULL, "452 4.2.2 Skrzynka odbiorcy jest przepełniona"),
        (FULL, "552 Pelna skrzynka odbiorcy"),
        (FULL, "552 Przekroczono limit pojemności skrzynki"),
        (SOFT, "550 5.2.1 Konto odbiorcy zostało zablokowane"),
        (SOFT, "421 Zbyt dużo wiadomości, spróbuj ponownie później"),
        (BLOCK, "550 Wiadomość została odrzucona przez serwer odbiorcy"),
        (SPAMBLOCK, "554 Adres IP nadawcy znajduje się na czarnej liście"),
        (SPAM, "550 5.7.1 Wiadomość rozpoznana jako spam"),
        (VIRUS, "554 W załączniku wykryto wirusa"),
        (RELAY, "554 5.7.1 Relay niedozwolony dla <klient@example.com>"),
        (DNS, "Domena example-literowka.pl nie istnieje"),
        (LARGE, "552 Wiadomość jest za duża"),
        (TIMEOUT, "Nie udało się połączyć z serwerem odbiorcy"),
        (RELAY, "554 Przekazywanie (relay) niedozwolone dla tego adresu"),
        (DELAYED, "Wiadomość jeszcze nie została dostarczona, system ponawia próby."),
        (TIMEOUT, "Upłynął termin doręczenia wiadomości"),
        (SPAM, "Wiadomość zablokowana jako spam"),
    ],
    "ru": [
        (CHALLENGE, "Подтвердите, что вы человек, и письмо будет доставлено адресату."),
        (TIMEOUT, "Истекло время ожидания соединения с сервером получателя"),
        (AUTO, "Нахожусь в отпуске до 1 сентября, письма не читаю."),
        (AUTO, "Автоответ: я вне офиса до пятницы."),
        (UNKNOWN, "Не удалось доставить сообщение, так как адрес электронной почты не найден."),
        (UNKNOWN, "550 5.1.1 <info@example.ru>: пользователь не найден"),
        (UNKNOWN, "550 Адрес не существует"),
        (UNKNOWN, "550 Такого пользователя нет"),
        (UNKNOWN, "550 Неизвестный получатель"),
        (FULL, "Доставка невозможна: переполнен почтовый ящик адресата"),
        (FULL, "452 Квота почтового ящика исчерпана"),
        (FULL, "552 Ящик адресата заполнен"),
        (SOFT, "550 5.2.1 Почтовый ящик заблокирован"),
        (SOFT, "421 Слишком много писем, повторите позже"),
        (BLOCK, "550 Письмо отклонено сервером получателя"),
        (SPAMBLOCK, "554 IP-адрес отправителя в чёрном списке"),
        (SPAM, "550 5.7.1 Сообщение похоже на спам"),
        (VIRUS, "554 Во вложении обнаружен вирус"),
        (RELAY, "554 5.7.1 Пересылка запрещена для <client@example.com>"),
        (DNS, "Домен example-opechatka.ru не найден"),
        (LARGE, "552 Письмо слишком велико"),
        (TIMEOUT, "Не удалось подключиться к серверу получателя"),
        (DELAYED, "Доставка письма задерживается, будут предприняты повторные попытки."),
        (SPAM, "Письмо заблокировано как спам"),
    ],
    "ja": [
        (AUTO, "誠に勝手ながら、年末年始休業のため12月28日から1月4日までお休みをいただきます。"),
        (AUTO, "只今、出張中のため返信が遅れます。"),
        (AUTO, "誠に勝手ながら、12月28日から1月5日まで不在にいたしております。"),
        (UNKNOWN, "メールアドレスが見つからなかったため、メッセージを配信できませんでした。"),
        (UNKNOWN, "550 5.1.1 <taro@example.jp>: 宛先のアドレスが存在しません"),
        (UNKNOWN, "宛先不明（該当するユーザーが存在しません）"),
        (UNKNOWN, "550 このメールアドレスは見つかりません"),
        (UNKNOWN, "550 そのようなユーザーはいません"),
        (FULL, "452 4.2.2 メールボックスの容量がいっぱいです"),
        (FULL, "宛先のメールボックスの容量制限を超えています"),
        (FULL, "552 受信ボックスが満杯です"),
        (SOFT, "550 5.2.1 このアカウントは停止されています"),
        (SOFT, "421 短時間に大量のメールを受信したため一時的に受信を制限しています"),
        (BLOCK, "550 受信者によりメールの受信が拒否されました"),
        (SPAMBLOCK, "554 送信元IPアドレスがブラックリストに掲載されています"),
        (SPAM, "550 5.7.1 このメールは迷惑メールとして処理されました"),
        (VIRUS, "554 添付ファイルからウイルスが検出されました"),
        (RELAY, "554 5.7.1 リレーは許可されていません"),
        (DNS, "550 宛先ドメインが存在しません"),
        (LARGE, "552 メールのサイズが大きすぎます"),
        (TIMEOUT, "宛先サーバーへの接続がタイムアウトしました"),
        (DELAYED, "メッセージはまだ配信されていません。再送を続けます。"),
        (TIMEOUT, "送信期限を超過したため配信を中止しました"),
        (DNS, "ホスト mx.example.invalid が見つかりません"),
    ],
    "zh": [
        (AUTO, "您好，本人休假中，回到办公室后将尽快回复。"),
        (AUTO, "自動回覆：我正在休假，如有急事請聯絡同事。"),
        (UNKNOWN, "无法将邮件传递到收件人，因为找不到该电子邮件地址。"),
        (UNKNOWN, "無法傳遞郵件，因為找不到電子郵件地址。"),
        (UNKNOWN, "550 5.1.1 <chen@example.cn>: 该邮件地址不存在"),
        (UNKNOWN, "550 用户不存在"),
        (UNKNOWN, "550 收件者不存在"),
        (UNKNOWN, "550 Invalid User 请求的用户不存在"),
        (FULL, "552 5.2.2 收件人邮箱已满"),
        (FULL, "452 收件人信箱空間不足"),
        (FULL, "552 用户邮箱超出配额"),
        (SOFT, "550 该帐号已被冻结"),
        (SOFT, "421 您发送邮件过于频繁，请稍后再试"),
        (BLOCK, "550 您的邮件被拒收"),
        (SPAMBLOCK, "554 您的IP已被列入黑名单"),
        (SPAM, "550 5.7.1 邮件内容被识别为垃圾邮件"),
        (VIRUS, "554 郵件含有病毒，已拒收"),
        (RELAY, "554 5.7.1 不允许转发"),
        (DNS, "550 收件者網域不存在"),
        (LARGE, "552 邮件太大，超过限制"),
        (TIMEOUT, "连接超时，无法投递"),
        (DELAYED, "您的邮件尚未投递成功，系统将继续重试。"),
        (DNS, "主机 mx.example.invalid 无法解析"),
    ],
    "cs": [
        (AUTO, "Dobrý den, jsem na služební cestě. V naléhavých případech volejte kolegu."),
        (UNKNOWN, "550 Adresát neexistuje"),
        (FULL, "552 Schránka je plná"),
        (SPAMBLOCK, "554 Odesílatel je na černé listině"),
        (LARGE, "552 Příloha je příliš velká"),
        (RELAY, "554 Přeposílání pošty (relay) bylo odmítnuto"),
        (DELAYED, "Zpráva dosud nebyla doručena, budeme se pokoušet dál."),
        (TIMEOUT, "Lhůta pro doručení vypršela, zpráva nebyla doručena."),
        (TIMEOUT, "Nepodařilo se připojit k serveru mx.example.cz"),
        (DNS, "Chyba DNS: nelze přeložit název mx.example.cz"),
        (SPAM, "Zpráva zamítnuta jako nevyžádaná pošta"),
        (SPAMBLOCK, "Server odesílatele má špatnou reputaci"),
    ],
    "ko": [
        (AUTO, "안녕하세요. 휴가중이라 9월 5일에 복귀합니다."),
        (UNKNOWN, "550 존재하지 않는 아이디입니다"),
        (FULL, "452 메일함 용량이 부족합니다"),
        (SPAM, "550 스팸 메일로 분류되었습니다"),
        (SOFT, "550 휴면 계정입니다"),
        (DELAYED, "메시지가 아직 전송되지 않았습니다. 계속 재시도합니다."),
        (TIMEOUT, "전송 기한이 만료되어 메시지를 반송합니다."),
        (TIMEOUT, "서버에 연결할 수 없습니다"),
        (DNS, "도메인 example.invalid를 찾을 수 없습니다"),
        (DNS, "DNS 오류로 인해 메일을 배달하지 못했습니다"),
        (SPAM, "스팸으로 차단되었습니다"),
        (SPAMBLOCK, "발신 IP의 평판이 나빠 수신이 거부되었습니다"),
    ],
    "tr": [
        (LARGE, "552 İletinin boyutu izin verilen sınırı aşmaktadır"),
        (AUTO, "Tatilde olacağım; döndüğümde size geri döneceğim."),
        (UNKNOWN, "550 Kullanıcı bulunamadı"),
        (UNKNOWN, "550 KULLANICI BULUNAMADI"),
        (FULL, "552 Posta kutusu dolu"),
        (SPAMBLOCK, "554 IP adresiniz kara listede"),
        (RELAY, "554 Röleye (relay) izin verilmiyor"),
        (DELAYED, "Mesajınız henüz iletilemedi, tekrar denenecek."),
        (TIMEOUT, "Teslim süresi aşıldı, ileti iade edildi."),
        (TIMEOUT, "Sunucuya bağlanılamadı"),
        (DNS, "DNS hatası nedeniyle ileti gönderilemedi"),
        (SPAM, "Mesaj spam olarak engellendi"),
        (SPAMBLOCK, "IP adresiniz düşük itibar nedeniyle engellendi"),
    ],
    "sv": [
        (SPAMBLOCK, "421 Servern 192.0.2.9 är tillfälligt blockerad på grund av skräppost"),
        (AUTO, "Hej! Jag är ledig till och med 15 augusti. Vid brådskande ärenden, ring växeln."),
        (UNKNOWN, "550 Adressen finns inte"),
        (FULL, "552 Brevlådan är full"),
        (LARGE, "552 Bilagan är för stor"),
        (RELAY, "554 Vidarebefordran (relay) är inte tillåten"),
        (DELAYED, "Leveransen är försenad; servern försöker igen om en timme."),
        (SPAM, "554 Meddelandet avvisades som spam"),
    ],
    "da": [
        (AUTO, "Tak for din mail. Jeg er fraværende indtil mandag."),
        (UNKNOWN, "550 Modtageren findes ikke"),
        (FULL, "552 Indbakken er fuld"),
        (DELAYED, "Meddelelsen er endnu ikke blevet leveret. Der foretages nye forsøg."),
    ],
    "nb": [
        (AUTO, "Takk for e-posten. Jeg er på ferie til 1. august."),
        (UNKNOWN, "550 Mottakeren finnes ikke"),
        (FULL, "552 Innboksen er full"),
        (DELAYED, "Meldingen er ennå ikke levert; serveren fortsetter å prøve."),
    ],
    "fi": [
        (SPAM, "550 Viestisi tulkittiin roskapostina eikä sitä toimitettu"),
        (AUTO, "Kiitos viestistäsi. Olen kesälomalla 5.8. asti."),
        (UNKNOWN, "550 Vastaanottajaa ei löydy"),
        (FULL, "552 Sähköpostilaatikko on täynnä"),
        (DELAYED, "Toimitus on viivästynyt. Toimitusta yritetään uudelleen myöhemmin."),
    ],
    "hu": [
        (SPAM, "554 Levélszemétként azonosítottuk az üzenetet"),
        (AUTO, "Köszönöm levelét, szabadságon leszek jövő hétfőig."),
        (UNKNOWN, "550 Nem létező címzett"),
        (FULL, "552 A postafiók tele van"),
        (DELAYED, "Az üzenet kézbesítése késik; a kiszolgáló újra megpróbálja."),
    ],
    "ro": [
        (AUTO, "Bună ziua, sunt plecată în concediu; pentru urgențe sunați la birou."),
        (UNKNOWN, "550 Adresa nu există"),
        (FULL, "552 Casuta postala este plina"),
        (DELAYED, "Mesajul încă nu a fost livrat; se va încerca din nou."),
    ],
    "uk": [
        (AUTO, "Дякую за лист. Я у відпустці до понеділка."),
    ],
    "el": [
        (AUTO, "Ευχαριστώ για το μήνυμα. Απουσιάζω από το γραφείο έως τις 3 Ιουλίου."),
    ],
    "ar": [
        (AUTO, "شكراً لرسالتك، أنا حالياً خارج المكتب وسأرد عند عودتي."),
        (SPAM, "550 تم حظر الرسالة لأنها بريدًا غير مرغوب فيه"),
    ],
    "he": [
        (AUTO, "תודה על פנייתך. אני בחופשה עד סוף החודש."),
    ],
    "id": [
        (SPAM, "Surat ditolak: dikategorikan sebagai spam oleh penyaring"),
        (AUTO, "Terima kasih. Saya sedang berlibur sampai 10 Mei."),
    ],
    "eu": [
        (SPAM, "554 Zure mezua spam gisa hartu dugu"),
    ],
    "bg": [
        (AUTO, "Благодаря за писмото. Извън офиса съм до понеделник."),
    ],
    "vi": [
        (AUTO, "Cảm ơn bạn. Tôi hiện đang nghỉ phép đến ngày 5."),
    ],
}

# Rows whose words resemble another cause: the class their words only resemble is wrong.
NEAR_MISSES = [
    # a word of a rule inside a host or an address is not that word
    ("550 5.1.1 <chris@dialup.example.net>... User unknown", BLOCK),
    ("host mx.dialup.example.net[192.0.2.75] said: 552 5.2.2 Mailbox full", BLOCK),
    # a server that says it is busy, in the greeting Postfix frames as a refusal
    ("host mx.example.org[192.0.2.5] refused to talk to me: 421 4.3.2 System is busy, try later", BLOCK),
    # a domain named beside an unknown user is not a DNS failure
    ("Der Empfänger ist in der Domain example.de unbekannt", DNS),
    ("Utilisateur inconnu dans le domaine example.fr", DNS),
    ("La cuenta del dominio example.es no existe", DNS),
    # a sender's quota is not a full mailbox
    ("450 Quota d'envoi atteinte, réessayez plus tard", FULL),
    ("550 Versandkontingent überschritten", FULL),
    ("452 Cota de envio excedida", FULL),
    ("550 Cuota de envío diaria excedida", FULL),
    ("452 Quota giornaliera di invio superata", FULL),
    ("452 Limite raggiunto: quota superata per l'invio di messaggi", FULL),
    ("Sendekontingent erreicht", FULL),
    ("Verzendquotum bereikt", FULL),
    # the recipient's domain is unknown, not the recipient
    ("550 Dominio del destinatario sconosciuto", UNKNOWN),
    ("550 5.1.2 Domaine du destinataire inconnu", UNKNOWN),
    ("550 Dominio del destinatario desconocido", UNKNOWN),
    # negations and "no longer" are not what the bare words say
    ("550 Die Nachricht wurde nicht als Spam eingestuft, aber die Absenderadresse ist ungültig", SPAM),
    ("A mensagem não foi classificada como spam; remetente bloqueado", SPAM),
    # an automatic notice about a bounce is not an out-of-office reply
    ("Respuesta automática del sistema: 550 5.1.1 usuario desconocido", AUTO),
    ("Resposta automática: a caixa postal do destinatário está cheia", AUTO),
    ("Automatisch antwoord van de mailserver: onbekende gebruiker", AUTO),
    ("Автоматический ответ сервера: пользователь не найден", AUTO),
    ("Automatyczna odpowiedź serwera: nieznany użytkownik", AUTO),
    ("自动回复：收件人不存在", AUTO),
    ("Automatisk svar fra serveren: modtageren findes ikke", AUTO),
    ("Автоматична відповідь сервера: поштова скринька переповнена", AUTO),
    # a delay notice that says the message will be delivered later is not a challenge
    ("Su mensaje será entregado cuando el servidor del destinatario esté disponible", CHALLENGE),
    ("Verifique su dirección de correo electrónico e inténtelo de nuevo", CHALLENGE),
    ("Absenderverifizierung fehlgeschlagen: Absender unbekannt", CHALLENGE),
    ("Сообщение будет доставлено после повторной попытки", CHALLENGE),
    # a sending limit named "allowed" is a rate, not a size
    ("450 İzin verilen gönderim sınırı aşıldı", LARGE),
    # an IP named beside a DNS lookup is not the recipient's domain
    ("550 Ihre IP-Adresse 192.0.2.8 konnte im DNS nicht aufgelöst werden", DNS),
]

ROWS = [(lang, cls, text) for lang, rows in REPLIES.items() for cls, text in rows]


def test_every_main_language_has_a_table():
    for lang in ("de", "fr", "es", "pt", "it", "nl", "pl", "ru", "ja", "zh"):
        assert len(REPLIES[lang]) >= 8, lang


def test_rows_are_not_the_rules_own_samples():
    samples = {s for rule in default_rules().rules for s in rule.samples}
    assert not [text for _, _, text in ROWS if text in samples]


@pytest.mark.parametrize(("lang", "expected", "text"), ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)])
def test_language_reply(lang, expected, text):
    result = bouncekit.classify(text)
    assert result.bounce_class is expected, f"{text!r} -> {result.bounce_class.name} by {result.rule}"


@pytest.mark.parametrize(("text", "wrong"), NEAR_MISSES)
def test_near_miss(text, wrong):
    result = bouncekit.classify(text)
    assert result.bounce_class is not wrong, f"{text!r} -> {result.bounce_class.name} by {result.rule}"

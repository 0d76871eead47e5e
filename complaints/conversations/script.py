"""Every keyword a citizen may type and every reply lapor sends in a WhatsApp/SMS
conversation, in one table, so a region can reword them here (docs/channels.md). Replies are
Bahasa Indonesia and use str.format fields; keywords are matched without regard to case."""

from django.utils.translation import gettext_lazy as _

KEYWORDS = {
    "cancel": {"BATAL", "BATALKAN", "STOP"},
    "skip": {"LANJUT", "LEWATI", "SELESAI FOTO", "TIDAK ADA"},
    "yes": {"YA", "IYA", "Y", "YES"},
    "no": {"TIDAK", "TDK", "T", "NO", "BUKAN"},
    "consent": {"SETUJU", "SAYA SETUJU", "YA SETUJU"},
    "status": {"STATUS", "CEK", "LACAK"},
    "solved": {"SELESAI", "SUDAH SELESAI"},
    "not_solved": {"BELUM", "BELUM SELESAI"},
    "rate": {"NILAI", "RATING"},
    "reply": {"BALAS", "TANGGAPAN"},
    "provide_info": {"LENGKAPI", "INFO"},
    "answer_question": {"JAWAB", "KETERANGAN"},
    "new": {"LAPOR", "ADUAN", "PENGADUAN", "HALO", "HAI", "MENU"},
}

REPLIES = {
    "welcome": _("Selamat datang di layanan pengaduan {region}. Ceritakan apa yang terjadi "
                 "dalam satu pesan: apa masalahnya, sejak kapan, siapa yang terdampak. "
                 "Ketik BATAL kapan saja untuk membatalkan."),
    "ask_what_longer": _("Mohon ceritakan lebih lengkap (paling sedikit {minimum} karakter): "
                         "apa yang terjadi dan di mana."),
    "ask_where": _("Terima kasih. Di mana kejadiannya? Kirim lokasi (pin) WhatsApp, atau "
                   "tulis nama tempat dan kecamatannya."),
    "outside_region": _("Lokasi ini di luar {region}; laporan tetap kami terima dan teruskan "
                        "ke yang berwenang."),
    "ask_photos": _("Bila ada, kirim foto (paling banyak {limit}). Ketik LANJUT bila sudah "
                    "atau tidak ada foto."),
    "photo_saved": _("Foto {count} diterima. Kirim foto lain, atau ketik LANJUT."),
    "photo_refused": _("Foto tidak dapat kami terima: {reason} Kirim foto lain (JPEG/PNG), "
                       "atau ketik LANJUT."),
    "photo_failed": _("Foto gagal kami unduh. Coba kirim lagi, atau ketik LANJUT."),
    "photos_full": _("Sudah {limit} foto. Ketik LANJUT."),
    "ask_anonymous": _("Rahasiakan identitas (nomor) Anda dari unit kerja yang menangani? "
                       "Balas YA atau TIDAK."),
    "ask_yes_no": _("Mohon balas YA atau TIDAK."),
    "ask_consent": _("Untuk memproses laporan, kami menyimpan nomor Anda dan isi laporan "
                     "sesuai UU 27/2022 tentang Pelindungan Data Pribadi, hanya untuk "
                     "menangani laporan ini. Balas SETUJU untuk mengirim laporan, atau BATAL."),
    "ask_consent_again": _("Laporan belum dikirim. Balas SETUJU untuk mengirim, atau BATAL."),
    "cancelled": _("Laporan dibatalkan; isinya tidak kami simpan. Kirim pesan lagi kapan saja "
                   "untuk membuat laporan baru."),
    "expired": _("Laporan yang belum selesai diisi sudah kedaluwarsa dan tidak kami simpan."),
    "filed_failed": _("Maaf, laporan belum dapat kami simpan. Balas SETUJU untuk mencoba lagi."),
    "status": _("Laporan {code}: {state}.{expected} {link}"),
    "status_expected": _(" Perkiraan tanggapan: {date}."),
    "status_public": _("Laporan {code}: {state}."),
    "status_unknown": _("Nomor tiket {code} tidak kami temukan. Periksa lagi nomornya "
                        "(LPR- dan 8 huruf/angka)."),
    "status_how": _("Ketik STATUS diikuti nomor tiket, misalnya STATUS LPR-ABCD2345."),
    "no_report": _("Kami tidak menemukan laporan dari nomor ini yang menunggu tanggapan Anda."),
    "solved": _("Terima kasih, laporan {code} ditutup. Beri nilai layanan: NILAI 1 sampai 5."),
    "not_solved": _("Laporan {code} kami kembalikan ke unit kerja dengan alasan Anda."),
    "not_solved_how": _("Tulis alasannya: BELUM diikuti alasannya, misalnya BELUM lubangnya "
                        "masih ada."),
    "rated": _("Terima kasih atas penilaian Anda untuk laporan {code}."),
    "rate_how": _("Beri nilai dengan angka 1 sampai 5, misalnya NILAI 5."),
    "replied": _("Tanggapan Anda untuk laporan {code} sudah kami teruskan."),
    "reply_how": _("Tulis BALAS diikuti tanggapan Anda."),
    "info_provided": _("Terima kasih, kelengkapan laporan {code} kami terima dan diperiksa "
                       "kembali."),
    "provide_info_how": _("Tulis LENGKAPI diikuti keterangan yang diminta."),
    "question_answered": _("Terima kasih, jawaban Anda untuk laporan {code} kami teruskan ke "
                           "unit kerja yang menanganinya."),
    "answer_question_how": _("Tulis JAWAB diikuti jawaban atas pertanyaan unit kerja."),
    "refused": _("Tidak dapat dilakukan: {reason}"),
    "unsupported": _("Jenis pesan ini belum dapat kami baca. Kirim teks, foto, atau lokasi."),
}

MIN_DESCRIPTION = 15
MAX_PHOTOS = 3

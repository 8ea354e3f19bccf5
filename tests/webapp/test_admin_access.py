"""The 管理 tab's access: a token always (loopback too), wrong tries limited per client, and
exports handed out once from memory."""
from webapp.admin_access import AdminGate, Exports


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_without_a_token_the_admin_view_is_off_even_on_loopback():
    gate = AdminGate(None)
    assert not gate.enabled and "KB_ADMIN_TOKEN" in gate.refusal("", "127.0.0.1")


def test_wrong_tokens_lock_a_client_out_for_the_window_even_with_the_right_one_then():
    clock = Clock()
    gate = AdminGate("s3cret-token", attempts=3, window_s=600, clock=clock)
    assert gate.refusal("s3cret-token", "10.0.0.5") is None
    assert [gate.refusal(f"guess{i}", "10.0.0.5") for i in range(3)] == ["口令不正确。"] * 3
    assert "次数过多" in gate.refusal("s3cret-token", "10.0.0.5")  # locked: the right token does not help now
    assert gate.refusal("s3cret-token", "10.0.0.6") is None  # another client is not affected
    clock.now += 601
    assert gate.refusal("s3cret-token", "10.0.0.5") is None


def test_two_hundred_guesses_get_nowhere():
    gate = AdminGate("s3cret-token", attempts=5)
    answers = [gate.refusal(f"guess{i}", "192.0.2.1") for i in range(199)] + [gate.refusal("s3cret-token", "192.0.2.1")]
    assert answers.count("口令不正确。") == 5 and answers[-1] is not None


def test_an_export_is_handed_out_once_and_expires():
    clock = Clock()
    exports = Exports(ttl_s=300, clock=clock)
    link = exports.put(b"\xef\xbb\xbfa,b\n", "用户反馈.csv")
    ticket = link.rsplit("/", 1)[1]
    assert link.startswith("/admin/export/") and len(ticket) >= 32
    assert exports.take(ticket).data == b"\xef\xbb\xbfa,b\n"
    assert exports.take(ticket) is None  # once
    late = exports.put(b"x", "f.csv").rsplit("/", 1)[1]
    clock.now += 301
    assert exports.take(late) is None

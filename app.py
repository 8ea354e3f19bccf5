"""The web app. For now a browser of the parsed facts; the chat arrives with the app issue.

    python app.py [--host 127.0.0.1] [--port 7860]
"""
from __future__ import annotations

import argparse
import os
import sys


def build_app(facts: list):
    import gradio as gr

    services = [f for f in facts if f.kind == "service"]
    rows = [[f.department, f.number, f.title, f.time_limit.raw if f.time_limit else "（未列明）",
             "；".join(f.documents) or (f.documents_raw or "")] for f in services]
    counts = {}
    for f in facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    with gr.Blocks(title="大窑湾海关业务知识库") as demo:
        gr.Markdown("# 大窑湾海关业务知识库\n"
                    "知识库已建立：" + "，".join(f"{k} {v} 条" for k, v in sorted(counts.items()))
                    + "。聊天问答功能即将上线。")
        gr.Dataframe(value=rows, headers=["处室", "序号", "业务", "办理时限", "所需单据"],
                     interactive=False, wrap=True)
    return demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start the knowledge-base web app.")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")))
    args = parser.parse_args(argv)
    from kb.build import ensure_facts
    from kb.errors import KBError

    try:
        facts, built = ensure_facts(log=lambda m: print(m, file=sys.stderr))
    except KBError as exc:
        print(f"app: {exc}", file=sys.stderr)
        return 1
    if built is not None:
        print(f"built {len(facts)} facts", file=sys.stderr)
    build_app(facts).launch(server_name=args.host, server_port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())

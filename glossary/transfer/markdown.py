"""The small Markdown the export writes and the import reads, to and from an entry's StreamField."""

import re

from django.utils.html import escape, strip_tags

from agency_site.blocks import HeadingBlock


def markdown_to_stream(text):
    """StreamField data from the small Markdown the export writes: "## " and "### " headings, "> " quotes, paragraphs."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("### "):
            blocks.append({"type": "heading", "value": {"text": chunk[4:].strip(), "level": "h3", "anchor": ""}})
        elif chunk.startswith("## "):
            blocks.append({"type": "heading", "value": {"text": chunk[3:].strip(), "level": "h2", "anchor": ""}})
        elif chunk.startswith("> "):
            quote = "\n".join(line.lstrip("> ").rstrip() for line in chunk.splitlines())
            blocks.append({"type": "quote", "value": {"quote": quote, "attribution": ""}})
        else:
            paragraph = " ".join(line.strip() for line in chunk.splitlines())
            blocks.append({"type": "paragraph", "value": f"<p>{escape(paragraph)}</p>"})
    return blocks


def stream_to_markdown(body):
    chunks = []
    for block in body:
        if isinstance(block.block, HeadingBlock):
            chunks.append(("### " if block.value["level"] == "h3" else "## ") + block.value["text"])
        elif block.block_type == "paragraph":
            html = block.value.source if hasattr(block.value, "source") else str(block.value)
            html = re.sub(r"</(p|li|h\d)>", "\n", html)
            text = "\n".join(line.strip() for line in strip_tags(html).splitlines() if line.strip())
            if text:
                chunks.append(text)
        elif block.block_type == "quote":
            chunks.append("\n".join("> " + line for line in block.value["quote"].splitlines()))
    return "\n\n".join(chunks)

"""Reading the portal's pages in tests."""

import re


def field_block(html: str, name: str) -> str:
    """The <div class="field"> that holds the named input (templates/components: a field, its label, its errors)."""
    for block in re.findall(r'<div class="field[^"]*">.*?</div>', html, flags=re.S):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name} in the page")

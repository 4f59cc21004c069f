"""Counting what a person does in the browser, for the tests that measure a way through the portal.

tests/browser/test_activity_taps.py and tests/browser/test_coordinator_lab_journey.py print and assert these counts,
so a change that makes the way longer fails there.
"""

from playwright.sync_api import expect


class InputCounter:
    """Every tap, key press and typed character on `page`, made through these methods and counted."""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.presses = 0
        self.characters = 0
        self.screens = []  # how far down the page each tap was, in screens (a swipe is about one)

    def tap(self, locator):
        locator.scroll_into_view_if_needed()
        self.screens.append(self.page.evaluate("window.scrollY") / self.page.viewport_size["height"])
        locator.click()
        self.taps += 1

    def choose(self, select, **option):
        """A select on a phone: one tap opens the list, one chooses (`option` as for Playwright's select_option)."""
        self.taps += 1
        self.tap(select)
        select.select_option(**option)

    def type(self, locator, text):
        """Tap the field, then type `text` into it."""
        self.tap(locator)
        locator.press_sequentially(text)
        self.characters += len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.presses += 1

    # Keyboard only: Tab to an element (counting the presses), Enter or Space on it, typing. No taps.

    def tab_to(self, locator, limit=300):
        for _ in range(limit):
            if locator.evaluate("element => element === document.activeElement"):
                return
            self.press("Tab")
        expect(locator).to_be_focused()  # fails with what has focus instead

    def type_focused(self, text):
        """Type `text` into the element that has focus."""
        self.page.keyboard.type(text)
        self.characters += len(text)

    def arrow_to(self, select, value, limit=60):
        """A focused select: the arrow keys move through the options until `value` is chosen."""
        expect(select).to_be_focused()
        self.press("Home")
        for _ in range(limit):
            if select.input_value() == value:
                return
            self.press("ArrowDown")
        expect(select).to_have_value(value)

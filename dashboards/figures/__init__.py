"""The dashboards' figures, one module per kind of figure and one function per figure, each returning a frozen
dataclass (or a tuple of them). Every figure is a fixed number of queries whatever the number of rows; the one
exception is a computed indicator, whose live value costs one query in its source (projects.indicators).

The definitions are not here: which activities count, whose hours they are and what they are worth, what
"granted" and "overdue" mean belong to the apps that own the data (labs.selectors, budgets.selectors,
projects.models, reports.selectors). These modules only ask them for the projects and filters of a dashboard.
``dashboards.selectors`` composes the figures into the two pages and caches the portfolio.
"""

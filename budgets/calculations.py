"""Budget arithmetic: plain functions over Decimal, no ORM, each rule tested with hand-worked numbers."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")


def to_ore(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amount:
    year: int
    organisation: str
    amount: Decimal


@dataclass
class Balance:
    total_cost: Decimal
    total_financing: Decimal
    # (year, organisation) → financing minus cost, only where it is not zero
    gaps: dict[tuple[int, str], Decimal] = field(default_factory=dict)

    @property
    def difference(self) -> Decimal:
        """Financing minus cost: negative means a shortfall."""
        return self.total_financing - self.total_cost

    @property
    def balances(self) -> bool:
        return self.difference == 0


def balance(costs: Iterable[Amount], financing: Iterable[Amount]) -> Balance:
    """Compare costs with financing, in total and per year and organisation."""
    per_key: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    total_cost = Decimal("0")
    total_financing = Decimal("0")
    for line in costs:
        total_cost += line.amount
        per_key[(line.year, line.organisation)] -= line.amount
    for line in financing:
        total_financing += line.amount
        per_key[(line.year, line.organisation)] += line.amount
    gaps = {key: to_ore(value) for key, value in sorted(per_key.items()) if value != 0}
    return Balance(total_cost=to_ore(total_cost), total_financing=to_ore(total_financing), gaps=gaps)

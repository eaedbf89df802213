"""Monte Carlo simulation of a dice board game, plus a small CLI."""

import argparse
import random
import statistics
from collections import Counter
from dataclasses import dataclass

BOARD_SIZE = 40
LADDERS = {3: 22, 8: 26, 20: 29}
SNAKES = {27: 1, 21: 9, 38: 17}


@dataclass
class GameStats:
    turns: int
    ladders_taken: int
    snakes_hit: int


def play_game(rng: random.Random) -> GameStats:
    position = 0
    turns = ladders = snakes = 0
    while position < BOARD_SIZE - 1:
        turns += 1
        roll = rng.randint(1, 6)
        position = min(position + roll, BOARD_SIZE - 1)
        if position in LADDERS:
            position = LADDERS[position]
            ladders += 1
        elif position in SNAKES:
            position = SNAKES[position]
            snakes += 1
    return GameStats(turns, ladders, snakes)


def simulate(n_games: int, seed: int | None = None) -> list[GameStats]:
    rng = random.Random(seed)
    return [play_game(rng) for _ in range(n_games)]


def shuffled_players(names: list[str], seed: int | None = None) -> list[str]:
    order = list(names)
    random.Random(seed).shuffle(order)
    return order


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--players", nargs="*", default=["Ana", "Ben", "Chloe"])
    args = parser.parse_args()

    results = simulate(args.games, args.seed)
    turns = [r.turns for r in results]
    print(f"games: {len(results)}")
    print(f"mean turns: {statistics.mean(turns):.2f}, median: {statistics.median(turns)}")
    print(f"p95 turns: {sorted(turns)[int(0.95 * len(turns))]}")
    hist = Counter(min(t // 5 * 5, 60) for t in turns)
    for bucket in sorted(hist):
        print(f"{bucket:>3}+ {'#' * (hist[bucket] * 200 // len(turns))}")
    print("turn order:", ", ".join(shuffled_players(args.players, args.seed)))


if __name__ == "__main__":
    main()

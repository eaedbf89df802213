"""WebSocket chat room broadcaster built on aiohttp."""

import asyncio
import json
import logging
import time

from aiohttp import WSMsgType, web

log = logging.getLogger("chat")


class Room:
    def __init__(self, name: str):
        self.name = name
        self.members: set[web.WebSocketResponse] = set()
        self.history: list[dict] = []

    async def broadcast(self, message: dict) -> None:
        self.history.append(message)
        del self.history[:-100]
        payload = json.dumps(message)
        for ws in list(self.members):
            await ws.send_str(payload)  # label: concurrency/sequential-await-in-loop

    async def persist(self, message: dict) -> None:
        with open(f"/var/log/chat/{self.name}.jsonl", "a") as fh:  # label: concurrency/blocking-io-in-async
            fh.write(json.dumps(message) + "\n")


rooms: dict[str, Room] = {}


async def websocket_handler(request: web.Request) -> web.WebSocketResponse:
    room_name = request.match_info["room"]
    room = rooms.setdefault(room_name, Room(room_name))
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    room.members.add(ws)
    try:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = {"user": request.query.get("user", "anon"), "text": msg.data[:2000], "ts": time.time()}
            asyncio.create_task(room.persist(data))  # label: concurrency/task-dropped
            await room.broadcast(data)
    finally:
        room.members.discard(ws)
    return ws


async def history_handler(request: web.Request) -> web.Response:
    room = rooms.get(request.match_info["room"])
    return web.json_response(room.history if room else [])


def make_app() -> web.Application:
    app = web.Application()
    app.add_routes([web.get("/ws/{room}", websocket_handler), web.get("/rooms/{room}/history", history_handler)])
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(make_app(), port=8081)

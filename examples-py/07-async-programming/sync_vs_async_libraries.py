# Card: requests inside async def vs await GetStringAsync - a blocking call freezes the whole event loop
import asyncio
import os

import aiohttp
import requests

BASE = os.environ["MIRROR_HTTP_BASE"]
events: list[str] = []  # every fetch records its start and its end


def most_in_flight() -> int:
    running = most = 0
    for event in events:
        running += 1 if event.startswith("start") else -1
        most = max(most, running)
    return most


# region blocking
async def fetch_blocking(url: str, name: str) -> str:
    events.append(f"start {name}")
    response = requests.get(url)  # blocks! nothing else on the event loop can run
    events.append(f"end {name}")
    return response.text
# endregion


# region async
async def fetch_async(session: aiohttp.ClientSession, url: str, name: str, barrier: asyncio.Barrier) -> str:
    events.append(f"start {name}")
    await barrier.wait()  # opens once all three have started: only concurrent fetches get past it
    async with session.get(url) as response:  # suspends: other tasks run meanwhile
        text = await response.text()
    events.append(f"end {name}")
    return text
# endregion


async def main() -> None:
    urls = [f"{BASE}/delay?ms=100&body=page{i}" for i in range(1, 4)]

    texts = await asyncio.gather(*(fetch_blocking(url, f"page{i}") for i, url in enumerate(urls, 1)))
    print(f"blocking fetches: {', '.join(texts)}")
    print(f"  events: {', '.join(events)}")
    print(f"  most fetches in flight at once: {most_in_flight()}")

    events.clear()
    barrier = asyncio.Barrier(len(urls))  # Python 3.11+
    async with aiohttp.ClientSession() as session:
        texts = await asyncio.gather(
            *(fetch_async(session, url, f"page{i}", barrier) for i, url in enumerate(urls, 1)))
    print(f"async fetches: {', '.join(texts)}")
    print(f"  first events: {', '.join(events[:3])}")
    print(f"  most fetches in flight at once: {most_in_flight()}")


asyncio.run(main())

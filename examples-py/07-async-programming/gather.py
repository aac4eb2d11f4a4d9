# Card: asyncio.gather vs Task.WhenAll - results come back in argument order, not completion order
import asyncio
import os
import time

import aiohttp

BASE = os.environ["MIRROR_HTTP_BASE"]
# The fixture server answers /delay after ms milliseconds: the FIRST request is the slowest
url1 = f"{BASE}/delay?ms=300&body=url1-300ms"
url2 = f"{BASE}/delay?ms=100&body=url2-100ms"
url3 = f"{BASE}/delay?ms=200&body=url3-200ms"

async def fetch_async(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        text = await response.text()
    print(f"completed: {text}")  # printed as each request finishes
    return text

async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{BASE}/greeting.txt") as warm_up:  # the first request pays one-time setup
            await warm_up.read()
        start = time.perf_counter()
        # region core
        results = await asyncio.gather(
            fetch_async(session, url1),
            fetch_async(session, url2),
            fetch_async(session, url3),
        )
        # results is a list in the same order as the arguments
        # endregion
        elapsed = time.perf_counter() - start
    print(f"results: {', '.join(results)}")
    print(f"overlapped, took < 0.6 s (less than 0.3 + 0.1 + 0.2): {elapsed < 0.6}")

asyncio.run(main())

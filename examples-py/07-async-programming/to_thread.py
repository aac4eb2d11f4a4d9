# Card: asyncio.to_thread vs Task.Run - offload a blocking call to a worker thread, the event loop stays free
import asyncio
import os
import threading
import time

import aiohttp
import requests

BASE = os.environ["MIRROR_HTTP_BASE"]

def blocking_fetch(url: str) -> str:  # synchronous library code you cannot change
    print(f"blocking call on a worker thread: {threading.current_thread() is not threading.main_thread()}")
    return requests.get(url).text

async def fetch_async(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        return await response.text()

async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{BASE}/greeting.txt") as warm_up:  # the first request pays one-time setup
            await warm_up.read()
        start = time.perf_counter()
        # region core
        report, page = await asyncio.gather(
            asyncio.to_thread(blocking_fetch, f"{BASE}/delay?ms=400&body=report"),  # worker thread
            fetch_async(session, f"{BASE}/delay?ms=400&body=page"),  # meanwhile on the event loop
        )
        # endregion
        elapsed = time.perf_counter() - start
    print(f"results: {report}, {page}")
    print(f"overlapped, took < 0.8 s (less than 0.4 + 0.4): {elapsed < 0.8}")

asyncio.run(main())

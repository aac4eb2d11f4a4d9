# Card: datetime/timedelta vs DateTime/TimeSpan - weekday() starts at Monday=0 and timedelta has no .hours
from datetime import datetime, timedelta, timezone

# region core
start = datetime(2024, 2, 28, 22, 30, tzinfo=timezone.utc)
print(start.strftime("%Y-%m-%d %H:%M"))
print(start.isoformat())
print(start.strftime("%A"), start.weekday())  # Monday == 0

later = start + timedelta(days=1, hours=3)  # 2024 is a leap year
print(later.strftime("%A %d %B %Y, %H:%M"))

gap = later - start
print(f"{gap.days}d {gap.seconds // 3600}h = {int(gap.total_seconds())} s")
# endregion

# region parse
parsed = datetime.strptime("15/03/2024 09:05", "%d/%m/%Y %H:%M")
print(parsed.year, parsed.month, parsed.day, parsed.minute, parsed.tzinfo is None)
print((datetime(2024, 12, 25) - parsed.replace(hour=0, minute=0)).days, "days to go")
# endregion

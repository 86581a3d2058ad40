"""The chart that goes with the hotline's figures (/stats and the monthly report)."""

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import files
from models.charts import bar_chart, draw
from models.community_file import Community as CommunityFile
from models.hotline.stats import HotlineStats
from models.messages import Media


async def received_chart(session: AsyncSession, *, title: str, config: CommunityFile,
                         stats: HotlineStats, name: str, now: datetime) -> list[Media] | None:
    """Tickets received per department, stored so the sender can upload it once."""
    if not stats.departments:
        return None
    labels = [d.name if (d := config.department(code)) else code for code in stats.departments]
    values = [float(f.received) for f in stats.departments.values()]
    png = await draw(bar_chart, title, labels, values)
    stored = await files.store(session, name=name, content_type="image/png", data=png,
                               now=now)
    return [Media("photo", stored_file_id=stored.id)]

"""``bouncekit report``: the dashboard's overview as one self-contained HTML file."""

from __future__ import annotations

import click

from bouncekit.cli.database import open_store, store_errors


@click.command("report")
@click.option("--since", default="30d", show_default=True, metavar="SPAN|DATE",
              help="The period: a span back from now (30d, 12h, 2w) or an ISO date (2024-01-01).")
@click.option("--out", "out", default="-", show_default=True, metavar="FILE",
              type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="Where to write the HTML (- for standard output).")
@click.pass_context
@store_errors
def command(ctx: click.Context, since: str, out: str) -> None:
    """Write a report of the stored bounces as one HTML file: records per day by type
    and by class, the bounce rate per day, the blocked senders with the providers'
    replies and the rules that fired most.

    The file holds everything it shows (styles inline, charts as SVG, no script and
    nothing to fetch), so it can be attached to a mail or a ticket.

    \b
    Example:
        bouncekit report --since 30d --out report.html
    """
    store = open_store(ctx)
    from bouncekit.errors import BounceError
    from bouncekit.service.dashboard.pages import report
    from bouncekit.store.insights import parse_since

    try:
        start = parse_since(since)
    except BounceError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    html = report(store, since=start, since_text=since)
    with click.open_file(out, "w", encoding="utf-8", atomic=out != "-") as handle:
        handle.write(html)
    if out != "-":
        click.echo(f"{out}: report of the records since {start:%Y-%m-%d %H:%M} UTC", err=True)

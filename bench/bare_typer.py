"""The reference for `citylinks --help`: a bare Typer app with one command."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye(name: str) -> None:
    """Say bye."""
    print(f"bye {name}")


if __name__ == "__main__":
    app()

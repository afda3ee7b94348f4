"""What the benchmark commands print about the machine their figures come from."""

import os
import platform
from pathlib import Path


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_summary():
    """« 2 cœurs (AMD EPYC …), Python 3.12.1 »."""
    return f"{os.cpu_count()} cœurs ({cpu_model()}), Python {platform.python_version()}"


def load_average():
    """« 1,52 / 1,10 / 0,87 » (1, 5 and 15 minutes): the machine may be shared, so every figure comes with it."""
    try:
        averages = os.getloadavg()
    except OSError:
        return "inconnue"
    return " / ".join(f"{value:.2f}".replace(".", ",") for value in averages)

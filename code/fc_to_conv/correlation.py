"""How strongly a pixel's value predicts its neighbour's, measured on a real photograph."""

import re
from dataclasses import dataclass

import numpy as np

from .validate import image2d, positive_int

#: Unit steps for each direction in which pixels are paired.
DIRECTIONS = {"horizontal": (0, 1), "vertical": (1, 0), "diagonal": (1, 1)}


def cameraman():
    """The 512x512 cameraman photograph bundled with scikit-image (no download), as floats."""
    from skimage import data  # imported here: scikit-image is slow to import and only this needs it

    return data.camera().astype(float)


@dataclass(frozen=True)
class PhotoCredit:
    """Who took a photograph a figure shows, under which licence, and since when scikit-image ships it."""

    photographer: str
    licence: str
    since: str  # the scikit-image release that brought this photograph

    @property
    def text(self):
        """The credit as a figure's caption or reuse line gives it: "photograph by Lav Varshney, CC0"."""
        return f"photograph by {self.photographer}, {self.licence}"


#: What scikit-image's ``camera()`` docstring says of its photograph (0.18 and later): the licence and
#: photographer in its notes, the release that replaced the classic image in its ``versionchanged``.
_CREDIT = re.compile(r"(?P<licence>CC0|CC BY[\w .-]*?) by the photographer \((?P<photographer>[^)]+)\)")
_REPLACED = re.compile(r"\.\. versionchanged:: (?P<since>[\d.]+)\s+This image was replaced")


def cameraman_credit():
    """The credit of :func:`cameraman`'s photograph, read from scikit-image's own documentation of it.

    scikit-image 0.18 replaced the classic cameraman image (Gad's article shows it) with a remake
    that its photographer, Lav Varshney, released under CC0 (``skimage.data.camera``'s docstring;
    scikit-image issue 3927). Read from the installed scikit-image, so a release that changes the
    image or its licence changes the credit, or fails the build: raises ValueError when the
    docstring no longer names a photographer, licence and release.
    """
    from skimage import data

    notes = data.camera.__doc__ or ""
    credit, replaced = _CREDIT.search(notes), _REPLACED.search(notes)
    if credit is None or replaced is None:
        raise ValueError("skimage.data.camera's docstring no longer says 'CC0 by the photographer (name)' and "
                         f"'.. versionchanged:: X This image was replaced'; it says: {notes!r}")
    return PhotoCredit(credit["photographer"].strip(), credit["licence"].strip(), replaced["since"])


def correlation_at(image, offset):
    """Pearson correlation between every pixel and the pixel ``offset`` = (rows, cols) away from it."""
    image = image2d(image)
    dr, dc = offset
    if dr < 0 or dc < 0 or dr >= image.shape[0] or dc >= image.shape[1] or (dr, dc) == (0, 0):
        raise ValueError(
            f"offset must be (rows, cols) with both >= 0, not both 0, and smaller than the image "
            f"{image.shape}; got {offset}"
        )
    first = image[: image.shape[0] - dr, : image.shape[1] - dc]
    second = image[dr:, dc:]
    return float(np.corrcoef(first.ravel(), second.ravel())[0, 1])


def correlation_by_distance(image, distances):
    """Correlation at each distance (in pixels) for each direction of :data:`DIRECTIONS`."""
    distances = [positive_int("distance", d) for d in distances]
    return {
        name: np.array([correlation_at(image, (d * step[0], d * step[1])) for d in distances])
        for name, step in DIRECTIONS.items()
    }


#: (row, col) of the pixels that the figure of the photograph marks: one in the face, two far away, whose
#: values differ from the face pixel's more than any of its eight neighbours' do (the chapter checks it).
CAMERAMAN_POINTS = {"face": (150, 225), "sky": (48, 400), "coat": (330, 100)}


def differences(image, point, others):
    """How far in value each pixel of ``others`` is from the pixel ``point`` (each a (row, col)): absolute differences."""
    image = image2d(image)
    return [float(abs(image[other] - image[point])) for other in others]


def neighbours(point, step=1):
    """The 8 pixels around ``point`` = (row, col), ``step`` pixels away in each direction."""
    row, col = point
    step = positive_int("step", step)
    return [(row + dr * step, col + dc * step) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]


def euclidean_distances(distances, direction):
    """The distances, in pixels centre to centre, of pairs ``distances`` steps apart in ``direction``."""
    return np.asarray(distances, dtype=float) * np.hypot(*DIRECTIONS[direction])


def describe_ends(distances, correlations):
    """One sentence per direction on where its curve starts and ends, from the measured values.

    E.g. "horizontal: 0.98 at 1 pixel, 0.30 at 256 pixels", joined by "; ". Distances are Euclidean
    (:func:`euclidean_distances`), as the figure plots them: to one decimal below 10 pixels
    (a diagonal step is 1.4 pixels), to whole pixels from 10 on.
    """
    parts = []
    for direction, values in correlations.items():
        ends = euclidean_distances([distances[0], distances[-1]], direction)
        start, end = (f"{v:.2f}".replace("-", "\u2212") for v in (values[0], values[-1]))
        parts.append(f"{direction}: {start} at {_pixels(ends[0])}, {end} at {_pixels(ends[1])}")
    return "; ".join(parts)


def _pixels(distance):
    """A distance in pixels as the caption writes it: "1 pixel", "1.4 pixels", "362 pixels"."""
    shown = f"{distance:.1f}".removesuffix(".0") if distance < 10 else f"{distance:.0f}"
    return f"{shown} pixel{'' if shown == '1' else 's'}"

"""One structure for every stage: a layer is the weight id of each wire, -1 where there is none."""

from dataclasses import dataclass

import numpy as np

from .image import flatten

NO_WIRE = -1



@dataclass(frozen=True)
class Layer:
    """A layer from ``pixels`` inputs to ``neurons`` outputs, described by its weight ids.

    Parameters
    ----------
    ids : array of int, shape (neurons, pixels)
        ``ids[j, i]`` is the id of the weight on the wire from pixel ``i`` to neuron
        ``j``, or ``-1`` if pixel ``i`` is not wired to neuron ``j``. The ids in use
        must be exactly ``0 .. weights - 1``: wires with equal ids share one weight.
    name : str
        What the stage is called in the book.
    groups : int, optional
        Number of groups of consecutive neurons (output channels, one kernel each); None for
        a layer without groups (fully connected).
    image_shape, kernel_shape : (rows, cols), optional
        The image the layer reads and the window each neuron sees; None where the stage has
        none (a fully connected or grouped layer has no kernel).

    Raises
    ------
    ValueError
        If ``ids`` is not a 2-D integer array, holds a value below -1, or skips an id; if
        ``groups`` does not divide the neurons or ``image_shape`` does not hold the pixels.

    Example
    -------
    >>> layer = Layer(np.array([[0, 1], [0, 1]]), "two neurons sharing two weights")
    >>> layer.wires, layer.weights
    (4, 2)
    """

    ids: np.ndarray
    name: str = "layer"
    groups: int = None
    image_shape: tuple = None
    kernel_shape: tuple = None

    def __post_init__(self):
        ids = np.asarray(self.ids)
        if ids.ndim != 2 or 0 in ids.shape:
            raise ValueError(f"ids must be a non-empty 2-D array (neurons, pixels), got shape {ids.shape}")
        if not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"ids must be integers (weight ids, or -1 for no wire), got dtype {ids.dtype}")
        if ids.min() < NO_WIRE:
            raise ValueError(f"ids must be >= -1 (-1 means no wire), got {ids.min()}")
        uses = np.bincount(ids[ids != NO_WIRE].ravel())
        if not uses.all():
            missing = np.flatnonzero(uses == 0)[:5].tolist()
            raise ValueError(
                f"weight ids must be exactly 0..k-1 with none skipped; ids run to {uses.size - 1} "
                f"but these are unused: {missing}"
            )
        if self.groups is not None and (self.groups < 1 or ids.shape[0] % self.groups):
            raise ValueError(f"groups must divide the {ids.shape[0]} neurons, got {self.groups}")
        if self.image_shape is not None and np.prod(self.image_shape) != ids.shape[1]:
            raise ValueError(f"image_shape must hold the {ids.shape[1]} pixels, got {self.image_shape}")
        ids = ids.astype(np.int64)
        ids.setflags(write=False)
        object.__setattr__(self, "ids", ids)

    @property
    def neurons(self):
        """Number of neurons (outputs): a count, an int."""
        return self.ids.shape[0]

    @property
    def pixels(self):
        """Number of pixels (inputs): a count, an int."""
        return self.ids.shape[1]

    @property
    def wires(self):
        """Number of wires (a count, an int): entries that connect a pixel to a neuron."""
        return int(np.count_nonzero(self.ids != NO_WIRE))

    @property
    def weights(self):
        """Number of free weights (a count, an int, not the weight values): distinct ids among the wires."""
        return distinct_ids(self.ids)

    def weights_of(self, neurons):
        """Number of distinct weights used by the given neurons (an index, slice or list)."""
        return distinct_ids(self.ids[neurons])

    def wired_pixels(self, neuron):
        """Indices of the pixels wired to one neuron, in increasing order."""
        return np.flatnonzero(self.ids[neuron] != NO_WIRE)

    def select(self, neurons=slice(None), pixels=slice(None)):
        """Boolean mask of the wires from the chosen pixels into the chosen neurons (index, slice or list)."""
        rows = np.atleast_1d(np.arange(self.neurons)[neurons])
        cols = np.atleast_1d(np.arange(self.pixels)[pixels])
        chosen = np.zeros(self.ids.shape, dtype=bool)
        chosen[np.ix_(rows, cols)] = True
        return chosen & (self.ids != NO_WIRE)

    def matrix(self, weights):
        """The dense (neurons, pixels) weight matrix: ``weights[id]`` on each wire, 0 elsewhere."""
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (self.weights,):
            raise ValueError(
                f"{self.name} has {self.weights} free weights, so the weight vector must have "
                f"shape ({self.weights},), got {weights.shape}"
            )
        wired = self.ids != NO_WIRE
        dense = np.zeros(self.ids.shape)
        dense[wired] = weights[self.ids[wired]]
        return dense

    def weight_gradient(self, image, output_gradient):
        """Gradient of a loss with respect to each free weight, given its gradient at the outputs.

        A wire from pixel ``i`` to neuron ``j`` contributes ``output_gradient[j] * x[i]``
        (``x`` the flattened image) to the weight it uses, so a weight shared by several
        wires gets the sum of their contributions: the id array says which to add.

        Parameters
        ----------
        image : array
            The input, flattened row-major; ``self.pixels`` values.
        output_gradient : array, shape (neurons,)
            d(loss)/d(output) of each neuron.

        Returns
        -------
        array, shape (weights,)
            d(loss)/d(weight) for each weight id.

        Raises
        ------
        ValueError
            If the image or the output gradient has the wrong size.
        """
        x = flatten(image)
        g = np.asarray(output_gradient, dtype=float).reshape(-1)
        if x.size != self.pixels or g.size != self.neurons:
            raise ValueError(
                f"{self.name} takes {self.pixels} pixels and has {self.neurons} outputs; got an image of "
                f"{x.size} pixels and an output gradient of {g.size} values"
            )
        wired = self.ids != NO_WIRE
        per_wire = (g[:, None] * x[None, :])[wired]
        return np.bincount(self.ids[wired], weights=per_wire, minlength=self.weights)

    def apply(self, image, weights):
        """Neuron outputs for an image (flattened row-major) and a weight vector."""
        x = flatten(image)
        if x.size != self.pixels:
            raise ValueError(f"{self.name} takes {self.pixels} pixels, got an image of {x.size}")
        return self.matrix(weights) @ x

    def apply_as_maps(self, image, weights, shape):
        """Neuron outputs (:meth:`apply`) arranged row-major as maps of ``shape``.

        ``shape`` is (rows, cols) for one map, or (maps, rows, cols) for one map per group of
        neurons (output channel). Raises ValueError unless ``shape`` holds exactly the neurons.
        """
        shape = tuple(shape)
        if int(np.prod(shape)) != self.neurons:
            raise ValueError(f"{self.name} has {self.neurons} neurons, which do not fill maps of shape {shape}")
        return self.apply(image, weights).reshape(shape)


def distinct_ids(ids):
    """Number of distinct weight ids among the wires of an id array."""
    ids = np.asarray(ids)
    return int(np.count_nonzero(np.bincount(ids[ids != NO_WIRE].ravel())))


def renumber(ids):
    """Relabel the used ids of an array as 0..k-1 in order of first appearance (row-major)."""
    ids = np.asarray(ids)
    out = np.full(ids.shape, NO_WIRE, dtype=np.int64)
    wired = ids != NO_WIRE
    _, first, inverse = np.unique(ids[wired], return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    out[wired] = order[inverse]
    return out


def unshared(ids):
    """The wires of an id array, each with a weight of its own: ids 0.. in row-major order of the wires, -1 elsewhere."""
    ids = np.asarray(ids)
    out = np.full(ids.shape, NO_WIRE, dtype=np.int64)
    wired = ids != NO_WIRE
    out[wired] = np.arange(np.count_nonzero(wired))
    return out


def reduction(before, after):
    """Fraction of weights removed going from layer ``before`` to layer ``after``."""
    return 1 - after.weights / before.weights

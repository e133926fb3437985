"""Build, count and draw each step from a fully connected layer to a convolution.

Every stage of the derivation is one :class:`~fc_to_conv.wiring.Layer`: an integer
array of shape ``(neurons, pixels)`` that holds, for each wire, the id of the weight
it uses, and ``-1`` where there is no wire. Counting and applying a layer is the same
code for every stage; each stage is a small constructor.

The vocabulary, used alike in code, prose and figure labels:

image
    A 2-D array of gray values. Flattened row-major, pixel ``(r, c)`` of an image
    with ``w`` columns has index ``r * w + c``.
pixel
    One input of the layer, one element of the flattened image.
neuron
    One output of the layer (a hidden neuron), indices ``0 .. neurons - 1``.
group
    Consecutive neurons that share their weights: group ``g`` of size ``s`` holds
    neurons ``g*s .. g*s + s - 1``.
window
    The pixels under the kernel at one position; windows are numbered row-major by
    their top-left corner, and neuron ``k`` of a group takes window ``k``.
kernel
    The group's shared weights arranged in the window's shape.
wire
    A connection from a pixel to a neuron (an entry ``>= 0`` of the id array).
weight id
    The index of the free parameter a wire uses; wires with equal ids share it.

Modules follow the derivation: :mod:`image` (the example image, pixels and windows),
:mod:`wiring` (the :class:`~wiring.Layer` structure), :mod:`fully_connected`,
:mod:`grouping`, :mod:`locality`, :mod:`convolution` (the stages and the proof),
:mod:`correlation` (how alike near and far pixels are), then :mod:`stages` (the four
stages as a 2x2 grid of sharing by connectivity) and :mod:`claims` (every number the
article states, with the function that computes it). Beyond the article: :mod:`detector`
(a vertical-edge kernel, the same detector at every position), :mod:`real_layers` (channels,
stride, padding, biases), :mod:`networks` (LeNet-5, AlexNet, VGG-16, ResNet-50, MobileNet),
:mod:`receptive_fields` (which input pixels reach one output of each of their layers),
:mod:`frameworks` (the kernels in PyTorch's and Keras's tensors, and what their layers compute),
:mod:`equivariance`, :mod:`learning` (the four layers trained on real digits) and :mod:`costs`
(each layer's stored bytes and multiply-accumulates, from the article's image to VGG-16's). What the
chapters show: :mod:`figures` (:mod:`figures.diagrams` for
the model, :mod:`figures.plots` for data, :mod:`figures.learning` for the learning chapter) with :mod:`style` (colours, fonts, sizes) and
:mod:`svg` (compact, reproducible SVG), :mod:`text` (number formats, Markdown tables),
:mod:`summary` (the derivation at a glance), :mod:`interactive` (the widgets' markup and
data), :mod:`questions` (each chapter's self-check questions, graded in the browser) and
:mod:`glue` (what a chapter's hidden cells call). :mod:`validate` checks inputs
for all of them; :mod:`site_weight` measures what a reader downloads per page (for the
tests and the benchmark). The build plugins live apart, in :mod:`sphinxext`.
"""

__version__ = "0.1.0"

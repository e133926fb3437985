"""The book's figures: each function takes what it draws and returns a matplotlib Figure.

:mod:`~fc_to_conv.figures.diagrams` draws the model (the image, networks of pixels and
neurons, weight-id matrices, the kernel on its windows); :mod:`~fc_to_conv.figures.plots`
draws data (photographs, measured curves, bars), :mod:`~fc_to_conv.figures.learning` the
learning chapter's results. Chapters call ``figures.draw_*``: every public function of the
three is exported here.

Counts shown in figures come from the objects drawn (a layer's wires, weights and ids,
an image's shape); colours, fonts and sizes come from :mod:`fc_to_conv.style`. Nothing
here touches pyplot, so no figure is kept or shown behind the caller's back.
"""

from .diagrams import (draw_flattening, draw_image, draw_kernel_across_channels, draw_network, draw_neuron_equation, draw_sharing_rules,
                       draw_sliding_kernel, draw_sliding_steps, draw_stage_matrices)
from .learning import draw_accuracies, draw_learned_weights, draw_learning_curve, draw_positions
from .plots import (costs_alt_text, draw_cameraman, draw_correlation_by_distance, draw_costs, draw_edge_map,
                    draw_equivariance, draw_network_parameters, draw_parameter_growth, draw_receptive_fields,
                    draw_size_scaling)

__all__ = [
    "draw_accuracies", "draw_cameraman", "draw_correlation_by_distance", "draw_costs", "draw_edge_map", "draw_equivariance",
    "draw_flattening", "draw_image", "draw_kernel_across_channels", "draw_learned_weights", "draw_learning_curve",
    "draw_network", "draw_network_parameters", "draw_neuron_equation", "draw_parameter_growth", "draw_positions",
    "draw_receptive_fields",
    "draw_sharing_rules", "draw_size_scaling", "draw_sliding_kernel", "draw_sliding_steps", "draw_stage_matrices",
]

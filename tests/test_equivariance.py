"""fc_to_conv.equivariance: a convolution's output moves with the picture; a fully connected layer's does not."""

import numpy as np
import pytest

from fc_to_conv import equivariance
from fc_to_conv.convolution import convolutional
from fc_to_conv.correlation import cameraman
from fc_to_conv.locality import local


@pytest.fixture(scope="module")
def photo():
    return cameraman()


def test_moved_crop_is_the_crop_moved(photo):
    crop, moved = equivariance.moved_crops(photo, (100, 190), 16, (3, 5))
    np.testing.assert_array_equal(moved[3:, 5:], crop[:-3, :-5])
    assert crop.shape == (16, 16) and 0 <= crop.min() and crop.max() <= 1


def test_shift_map_moves_both_ways_and_marks_what_moved_in():
    values = np.arange(12.0).reshape(3, 4)
    down_right = equivariance.shift_map(values, (1, 2))
    np.testing.assert_array_equal(down_right[1:, 2:], values[:-1, :-2])
    assert np.isnan(down_right[0]).all() and np.isnan(down_right[:, :2]).all()
    up_left = equivariance.shift_map(values, (-1, -1))
    np.testing.assert_array_equal(up_left[:-1, :-1], values[1:, 1:])


def test_a_crop_that_leaves_the_photo_is_refused(photo):
    with pytest.raises(ValueError, match=r"must stay inside the 512x512 photograph"):
        equivariance.moved_crops(photo, (1, 1), 16, (3, 5))


def test_the_convolution_is_equivariant_and_the_fully_connected_layer_is_not(photo):
    result = equivariance.experiment(photo, side=24)
    largest, relative = result.conv_gap
    assert largest < 1e-12 and relative < 1e-12
    assert equivariance.verify_equivariance(result) == largest
    assert result.fc_gap[1] > 0.5


def test_verify_equivariance_raises_for_a_layer_that_is_not(photo):
    result = equivariance.experiment(photo, side=24)
    broken = equivariance.Experiment(result.crop, result.moved, result.shift, result.fc_of_moved, result.fc_moved,
                                     result.fc_of_moved, result.fc_moved)
    with pytest.raises(ArithmeticError, match=r"not translation equivariant"):
        equivariance.verify_equivariance(broken)


def test_stride_keeps_equivariance_only_for_shifts_it_divides(photo):
    assert max(equivariance.strided_gap(photo, 2, (2, 4))) < 1e-12
    assert min(equivariance.strided_gap(photo, 2, (1, 1))) > 0.1
    assert max(equivariance.strided_gap(photo, 1, (1, 1))) < 1e-12


def test_sharing_not_locality_makes_the_layer_equivariant(photo):
    assert equivariance.random_layer_gap(convolutional((16, 16), (3, 3), 1), photo, (14, 14)) < 1e-12
    assert equivariance.random_layer_gap(local((16, 16), (3, 3), 1), photo, (14, 14)) > 0.5

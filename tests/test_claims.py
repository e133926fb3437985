"""The claims registry against the article's numbers, typed here independently of claims.py."""

import pytest

from fc_to_conv import claims

# Every number the article states, as it prints them (from the reference's claims table).
ARTICLE = {"C1": "9", "C2": "144", "C3": "810", "C4": "4,500", "C5": "5,310", "C6": "1,024",
           "C7": "512,000", "C8": "4", "C9": "36", "C10": "75%", "C11": "9", "C12": "4",
           "C13": "4", "C14": "16", "C15": "128", "C16": "88.89%", "C17": "4"}
# Beyond the article: the real networks' totals as Keras 3 counts them (tests/test_networks_oracle.py).
ARTICLE.update({"N1": "61,706", "N2": "60,965,224", "N3": "138,357,544", "N4": "25,636,712", "N5": "4,253,864"})
# VGG16's size in the Keras documentation's table of models (keras.io/api/applications).
ARTICLE["N6"] = "138.4M"
# torchvision's documentation, num_params of ResNet50_Weights, VGG16_Weights and AlexNet_Weights (IMAGENET1K_V1).
ARTICLE.update({"N7": "61,100,840", "N8": "138,357,544", "N9": "25,557,032"})
# Araujo, Norris and Sim, Distill 2019, table of receptive fields: alexnet_v2 195, vgg_16 212 (stride 32, padding 90),
# resnet_v1_50 483, mobilenet_v1 315.
ARTICLE.update({"N10": "195", "N11": "212", "N12": "32", "N13": "90", "N14": "483", "N15": "315"})


def test_no_claim_mismatches_the_article():
    assert claims.mismatches() == []


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda claim: claim.id)
def test_claim_is_computed_as_the_article_prints_it(claim):
    assert claim.article == ARTICLE[claim.id]
    assert claims.check(claim) == ARTICLE[claim.id]


def test_a_wrong_article_value_is_reported_with_claim_chapter_and_both_values():
    real = claims.by_id("C2")
    wrong = claims.Claim(real.id, real.key, real.chapter, real.statement, "145", real.compute, real.fmt)
    with pytest.raises(claims.ClaimMismatch, match=r"claim C2 .* book/fully_connected: the article says 145, the package computes 144"):
        claims.check(wrong)

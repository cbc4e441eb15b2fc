#!/bin/sh
export REPLICATE_API_TOKEN=r8_1NEOHjaEgHFj5Y96MuqTPPCBFt9sA2G1lNK7C
python render.py --model stability-ai/sdxl --prompts prompts.txt

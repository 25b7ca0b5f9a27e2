"""`ipaas-auth completion bash|zsh|fish`: a completion script generated from the parser by
shtab, so it always knows the current commands and flags."""

from __future__ import annotations

import argparse


def run_completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import shtab

    print(shtab.complete(parser, shell=args.shell))
    return 0

"""Imports and constructs from real tree-sitter parses, per grammar, with their traps."""

from __future__ import annotations

import pytest

from analyzer.code.imports import module_name
from analyzer.code.imports import parse_file
from analyzer.code.queries import CONSTRUCT_RULES
from analyzer.code.queries import CONSTRUCTS
from analyzer.code.queries import GRAMMARS
from analyzer.code.queries import IMPORT_MAX_DEPTH
from analyzer.code.queries import QUERIES


def facts(grammar: str, source: str):
    found = parse_file("sha", grammar, source.encode())
    assert not found.failed
    return found


def imports(grammar: str, source: str) -> list[str]:
    return [module for module, _ in facts(grammar, source).imports]


def constructs(grammar: str, source: str) -> dict[str, int]:
    return {name: count for name, count, _ in facts(grammar, source).constructs}


def test_tables_cover_every_grammar():
    assert set(QUERIES) == set(GRAMMARS) == set(IMPORT_MAX_DEPTH) == set(CONSTRUCT_RULES)
    for rules in CONSTRUCT_RULES.values():
        assert {rule.construct for rule in rules} <= set(CONSTRUCTS)


def test_python_imports_lines_and_constructs():
    source = """import os, numpy as np
from django.db import models
from . import sibling
# import socketio
try:
    import ujson
except ImportError:
    ujson = None

async def handler(request):
    text = "await Thread("
    await request.json()
    with ThreadPoolExecutor(4) as pool:
        pass
    return StreamingResponse(iter([]))
"""
    found = facts("python", source)
    assert found.imports == (("numpy", 1), ("os", 1), ("django.db", 2), ("ujson", 6))
    assert dict((name, (count, line)) for name, count, line in found.constructs) == {
        "async": (2, 10),
        "threads": (1, 13),
        "streams": (1, 15),
    }
    assert not found.has_errors


def test_javascript_requires_es_imports_and_traps():
    source = """import express from "express";
import { readFile } from "node:fs/promises";
import "./local.js";
export { x } from "@nestjs/core/injector";
const aws = require("aws-sdk");
// const io = require("socket.io");
const s = "require('ws')";
async function main() {
  await Promise.all([new Promise((r) => r()), fetch("/")]);
  new Worker("./w.js");
  pipeline(a, b, () => {});
}
"""
    assert imports("javascript", source) == ["express", "fs", "@nestjs/core", "aws-sdk"]
    assert constructs("javascript", source) == {
        "async": 2,
        "promises": 2,
        "worker_threads": 1,
        "streams": 1,
    }


def test_typescript_and_tsx():
    ts = 'import type { Socket } from "socket.io";\nconst f = async (): Promise<void> => {};\n'
    assert imports("typescript", ts) == ["socket.io"]
    assert constructs("typescript", ts) == {"async": 1}
    tsx = 'import React from "react";\nexport const A = () => <div className="x">{1}</div>;\n'
    assert imports("tsx", tsx) == ["react"]
    assert not facts("tsx", tsx).has_errors


def test_go_goroutines_and_channels():
    source = """package main

import (
\t"fmt"
\tws "github.com/gorilla/websocket"
)

// go func() { ch <- 1 }() in a comment
func main() {
\tch := make(chan int)
\tgo func() { ch <- 1 }()
\tselect {
\tcase v := <-ch:
\t\tfmt.Println(v, "go chan")
\t}
\tgoodbye()
}
"""
    assert imports("go", source) == ["fmt", "github.com/gorilla/websocket"]
    assert constructs("go", source) == {"goroutines": 1, "channels": 4}


def test_java_and_kotlin():
    java = """import org.springframework.boot.SpringApplication;
import static java.util.concurrent.Executors.newFixedThreadPool;
class App {
  @Async void f() {
    new Thread(r).start();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Flux<String> s = null;
    MyThread t = new MyThread();
  }
}
"""
    assert imports("java", java) == [
        "org.springframework.boot.SpringApplication",
        "java.util.concurrent.Executors.newFixedThreadPool",
    ]
    assert constructs("java", java) == {"async": 1, "threads": 2, "streams": 1}
    kotlin = """import io.ktor.server.engine.embeddedServer
suspend fun main() { launch { }; flow { emit(1) } }
"""
    assert imports("kotlin", kotlin) == ["io.ktor.server.engine.embeddedServer"]
    assert constructs("kotlin", kotlin) == {"async": 2, "streams": 1}


def test_ruby_php_csharp_rust():
    ruby = 'require "sinatra"\nrequire_relative "lib/x"\nThread.new { work }\n'
    assert imports("ruby", ruby) == ["sinatra"]
    assert constructs("ruby", ruby) == {"threads": 1}
    php = "<?php\nuse Illuminate\\Support\\Facades\\Route;\n$f = new Fiber(fn () => 1);\n"
    assert imports("php", php) == ["Illuminate\\Support\\Facades\\Route"]
    assert constructs("php", php) == {"async": 1}
    csharp = (
        "using Microsoft.AspNetCore.SignalR;\nclass Hub { async Task F() { await G(); "
        "Task.Run(() => 1); } }\n"
    )
    assert imports("c_sharp", csharp) == ["Microsoft.AspNetCore.SignalR"]
    assert constructs("c_sharp", csharp) == {"async": 2, "threads": 1}
    rust = (
        "use actix_web::{web, App};\nuse crate::local;\nasync fn f() { g().await; "
        "std::thread::spawn(|| 1); let (tx, rx) = mpsc::channel(); }\n"
    )
    assert imports("rust", rust) == ["actix_web"]
    assert constructs("rust", rust) == {"async": 2, "threads": 1, "channels": 1}


def test_a_file_tree_sitter_cannot_parse_is_counted_not_fatal():
    broken = b"async def broken(:\n    import os\n  \x00\xff return ]]]\n"
    found = parse_file("sha", "python", broken)
    assert found.has_errors and not found.failed
    garbage = parse_file("sha", "go", b"go " + bytes(range(256)) * 20)
    assert garbage.has_errors and not garbage.failed


def test_only_what_is_needed_is_parsed():
    head = "import os\nfrom django.db import models\n\n"
    body = "def f(x):\n    return x * 2\n" * 50
    found = parse_file("sha", "python", (head + body).encode())
    assert found.imports == (("os", 1), ("django.db", 2))
    assert found.parsed_bytes == len(head) - 1  # up to the last import's line
    assert parse_file("sha", "python", body.encode()).parsed_bytes == 0  # nothing wanted
    whole = parse_file("sha", "python", (head + body + "async def g(): pass\n").encode())
    assert whole.parsed_bytes == -1 and whole.constructs == (("async", 1, 104),)
    lazy = parse_file("sha", "python", (head + body + "def h():\n    import torch\n").encode())
    assert [module for module, _ in lazy.imports] == ["os", "django.db", "torch"]


def test_a_cut_import_block_falls_back_to_the_whole_file():
    source = 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/gin-gonic/gin"\n)\n\nfunc f() {}\n'
    found = parse_file("sha", "go", source.encode())
    assert [module for module, _ in found.imports] == ["fmt", "github.com/gin-gonic/gin"]
    assert not found.has_errors


@pytest.mark.parametrize(
    ("grammar", "raw", "expected"),
    [
        ("javascript", "@scope/pkg/sub/path", "@scope/pkg"),
        ("javascript", "lodash/fp", "lodash"),
        ("javascript", "./x", None),
        ("javascript", "https://cdn.example.com/x.js", None),
        ("typescript", "node:crypto", "crypto"),
        ("rust", "::serde::Serialize", "serde"),
        ("rust", "self::x", None),
        ("php", "\\Swoole\\Server", "Swoole\\Server"),
        ("ruby", "./local", None),
        ("c_sharp", "global::System.Text", "System.Text"),
    ],
)
def test_module_names(grammar, raw, expected):
    assert module_name(grammar, raw.encode()) == expected

import dedent from 'dedent';
import rule from '../rules/no-constant-health-check/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;
const finding = (path: string) => ({ messageId: 'constantHealthCheck', data: { path } });

tsTester.run('no-constant-health-check', ruleUnderTest, {
  valid: [
    // a same-file helper that touches a dependency is a check
    "async function dbOk() { await pool.query('SELECT 1'); return true; }\napp.get('/health', async (req, res) => res.json({ db: await dbOk() }));",
    // a helper that only reads facts, but its result decides the status
    "const draining = () => process.uptime() > 3600;\napp.get('/health', (req, res) => res.sendStatus(draining() ? 503 : 200));",
    // a `.get` on a service that is not @nestjs/config's ConfigService
    dedent`
      import { Controller, Get } from '@nestjs/common';
      import { HealthService } from './health.service';
      @Controller('health')
      export class HealthController {
        constructor(private readonly config: HealthService) {}
        @Get()
        check() { return this.config.get('db'); }
      }
    `,
    // a parameter default that the body replaces is not the path
    "function addProbes(server, path = '/healthz') {\n  path = prefix + path;\n  server.get(path, (req, res) => res.json({ status: 'ok' }));\n}",
    // a middleware branch that lets the probe through (calls next, or returns) does not answer it
    "function limiter(req, res, next) { if (req.url === '/healthz') { next(); return; } res.writeHead(429); res.end(); }",
    "function limiter(req, res, next) { if (req.path === '/health') return; throttle(req); next(); }",
    // liveness path: a constant answer is correct
    "app.get('/livez', (req, res) => res.sendStatus(200));",
    // liveness wins over health: /health/live ends in live
    "app.get('/health/live', (req, res) => res.send('ok'));",
    // not a health path
    "app.get('/users', (req, res) => res.json([]));",
    // a real check: awaits a ping
    "app.get('/readyz', async (req, res) => { await db.ping(); res.send('ok'); });",
    // a real check: calls a check function
    "app.get('/health', (req, res) => res.json(checkAll()));",
    // status chosen from state
    "app.get('/health', (req, res) => res.status(ready ? 200 : 503).end());",
    // branch on state
    "app.get('/health', (req, res) => { if (draining) { res.sendStatus(503); return; } res.sendStatus(200); });",
    // the handler is imported: defined in another file, not judged
    "import { health } from './health';\napp.get('/health', health);",
    // a wrapper call around the handler is not judged
    "app.get('/health', asyncHandler(async (req, res) => res.send('ok')));",
    // an HTTP client, not a route
    "import axios from 'axios';\naxios.get('/health', { timeout: 500 });",
    // Node http.get with a callback is a client request
    "import http from 'node:http';\nhttp.get('/health', (res) => res.resume());",
    // a method call on the request is work (here: reading a header through a function)
    "app.get('/health', (req, res) => res.send(req.get('x-probe')));",
    // Fastify route for POST only
    "fastify.route({ method: 'POST', url: '/health', handler: async () => ({ ok: true }) });",
    // Hono status chosen from state
    "app.get('/healthz', (c) => c.json({ ok }, ok ? 200 : 503));",
    // Response status from state (Next.js style)
    "app.get('/health', () => new Response('x', { status: code }));",
    // Koa status from state
    "router.get('/health', (ctx) => { ctx.status = healthy() ? 200 : 503; });",
    // a template path whose constant tail is not a path
    'app.get(`${base}health`, (req, res) => res.send("ok"));',
    // option: status declared a liveness path
    { code: "app.get('/status', (req, res) => res.send('ok'));", options: [{ livenessPaths: ['status'] }] },
    // option: only "healthz" is a health path
    { code: "app.get('/health', (req, res) => res.send('ok'));", options: [{ healthPaths: ['healthz'] }] },
    // NestJS: terminus check
    dedent`
      import { Controller, Get } from '@nestjs/common';
      @Controller('health')
      export class HealthController {
        @Get()
        check() { return this.health.check([]); }
      }
    `,
    // a Get decorator outside any NestJS controller
    "import { Get } from './decorators';\nclass C { @Get('/health') h() { return 1; } }",
    // Next.js: a route file whose GET runs a query
    {
      code: "export async function GET() { await prisma.$queryRaw`SELECT 1`; return Response.json({ ok: true }); }",
      filename: '/srv/web/app/api/health/route.ts',
    },
    // Next.js: GET of a route file that is not a health path
    { code: 'export function GET() { return Response.json([]); }', filename: '/srv/web/app/api/users/route.ts' },
    // Node http: a check under the url comparison
    "http.createServer((req, res) => { if (req.url === '/health') { res.statusCode = pool.ok ? 200 : 503; res.end(); } });",
    // a Mock Service Worker handler mocks someone else's endpoint
    "import { http } from 'msw';\nhttp.get('/health', () => new Response('ok'));",
    // a url comparison on something that is not a parameter
    "if (location.url === '/health') { res.end('ok'); }",
  ],
  invalid: [
    {
      // the path is a parameter's default, never reassigned
      code: "function addProbes(server, path = '/healthz') {\n  server.get(path, (req, res) => res.json({ status: 'ok' }));\n}",
      errors: [{ ...finding('/healthz'), line: 2, column: 14, endLine: 2, endColumn: 18 }],
    },
    {
      // an Express middleware answering the probe; a fact helper of the same file
      code: "const getVersion = () => require('../package.json').version;\napp.use((req, res, next) => {\n  if (req.path === '/healthz') return res.json({ version: getVersion() });\n  next();\n});",
      errors: [{ ...finding('/healthz'), line: 3, column: 20, endLine: 3, endColumn: 30 }],
    },
    {
      // an awaited import of the build's version is not a check
      code: "app.get('/status', async (req, res) => {\n  const { version } = await import('./version.js');\n  res.json({ version });\n});",
      errors: [{ ...finding('/status'), line: 1, column: 9, endLine: 1, endColumn: 18 }],
    },
    {
      // NestJS ConfigService reads configuration values
      code: dedent`
        import { Controller, Get } from '@nestjs/common';
        import { ConfigService } from '@nestjs/config';
        @Controller('health')
        export class HealthController {
          constructor(private readonly config: ConfigService) {}
          @Get()
          check() { return { ok: true, version: this.config.get('VERSION') }; }
        }
      `,
      errors: [{ ...finding('/health'), line: 6, column: 3, endLine: 6, endColumn: 9 }],
    },
    {
      code: "app.get('/health', (req, res) => res.status(200).json({ status: 'ok' }));",
      errors: [{ ...finding('/health'), line: 1, column: 9, endLine: 1, endColumn: 18 }],
    },
    {
      // harmless facts in the body: uptime, time, hostname, env read at startup
      code: dedent`
        import os from 'node:os';
        const VERSION = process.env.VERSION;
        router.get('/api/healthz', (_req, res) => {
          res.json({ uptime: process.uptime(), at: new Date().toISOString(), host: os.hostname(), VERSION });
        });
      `,
      errors: [{ ...finding('/api/healthz'), line: 3, column: 12, endLine: 3, endColumn: 26 }],
    },
    {
      // a local function handler, Express route() chain
      code: "function ready(req, res) { res.sendStatus(200); }\napp.route('/ready').get(ready);",
      errors: [{ ...finding('/ready'), line: 2, column: 11, endLine: 2, endColumn: 19 }],
    },
    {
      // Koa router with a route name first
      code: "router.get('readiness', '/readiness', (ctx) => { ctx.status = 200; ctx.body = 'ok'; });",
      errors: [{ ...finding('/readiness'), line: 1, column: 25, endLine: 1, endColumn: 37 }],
    },
    {
      // Fastify route({ url, handler }) with an imported enum status
      code: "import { StatusCodes } from 'http-status-codes';\nfastify.route({ method: 'GET', url: '/status', handler: (req, reply) => reply.code(StatusCodes.OK).send() });",
      errors: [{ ...finding('/status'), line: 2, column: 37, endLine: 2, endColumn: 46 }],
    },
    {
      // Hono with a constant status argument
      code: "app.get('/healthcheck', (c) => c.text('OK', 200));",
      errors: [{ ...finding('/healthcheck'), line: 1, column: 9, endLine: 1, endColumn: 23 }],
    },
    {
      // NestJS: controller prefix joined with @Get()
      code: dedent`
        import { Controller, Get } from '@nestjs/common';
        @Controller('health')
        export class HealthController {
          @Get()
          check() { return { status: 'ok' }; }
        }
      `,
      errors: [{ ...finding('/health'), line: 4, column: 3, endLine: 4, endColumn: 9 }],
    },
    {
      // NestJS: @Get(path) reports on the path
      code: "import { Controller, Get } from '@nestjs/common';\n@Controller({ path: 'api' })\nclass S { @Get('readyz') r() { return 'ok'; } }",
      errors: [{ ...finding('/api/readyz'), line: 3, column: 16, endLine: 3, endColumn: 24 }],
    },
    {
      // Next.js app route file, route group left out of the path
      code: "import { NextResponse } from 'next/server';\nexport const GET = () => NextResponse.json({ ok: true }, { status: 200 });",
      filename: '/srv/web/src/app/(ops)/health/route.ts',
      errors: [{ ...finding('/health'), line: 2, column: 14, endLine: 2, endColumn: 17 }],
    },
    {
      // Next.js pages API route
      code: 'export default function handler(req, res) { res.status(200).json({ ok: true }); }',
      filename: '/srv/web/pages/api/health/index.ts',
      errors: [{ ...finding('/api/health'), line: 1, column: 25, endLine: 1, endColumn: 32 }],
    },
    {
      // Node http: the branch under the url comparison is the handler
      code: "http.createServer((req, res) => {\n  if (req.url === '/healthz') { res.writeHead(200); res.end('ok'); return; }\n  route(req, res);\n});",
      errors: [{ ...finding('/healthz'), line: 2, column: 19, endLine: 2, endColumn: 29 }],
    },
    {
      // Node http: switch on req.url
      code: "function onRequest(req, res) {\n  switch (req.url) {\n    case '/status': res.end('up'); break;\n    default: next(req, res);\n  }\n}",
      errors: [{ ...finding('/status'), line: 3, column: 10, endLine: 3, endColumn: 19 }],
    },
    {
      // Fastify options carrying the handler; a template path keeps its constant tail
      code: 'app.get(`${prefix}/healthz`, { schema: {}, handler: async () => ({ ok: true }) });',
      errors: [{ ...finding('/…/healthz'), line: 1, column: 9, endLine: 1, endColumn: 28 }],
    },
    {
      // option: a custom health path
      code: "app.get('/_meta/alive-and-well', (req, res) => res.send('ok'));",
      options: [{ healthPaths: ['alive-and-well'] }],
      errors: [{ ...finding('/_meta/alive-and-well'), line: 1, column: 9, endLine: 1, endColumn: 32 }],
    },
    {
      // option: ping is no longer a liveness path, and is listed as a health path
      code: "app.get('/ping', (req, res) => res.send('pong'));",
      options: [{ healthPaths: ['ping'], livenessPaths: [] }],
      errors: [{ ...finding('/ping'), line: 1, column: 9, endLine: 1, endColumn: 16 }],
    },
  ],
});

pyTester.run('no-constant-health-check', ruleUnderTest, {
  valid: [
    // a status sent by a raw ASGI app that depends on a check
    dedent`
      async def app(scope, receive, send):
          if scope["path"] == "/health":
              ok = await pool.ping()
              await send({"type": "http.response.start", "status": 200 if ok else 503})
    `,
    // a rate limiter returning None for the probe path lets it through to the real route
    dedent`
      def filter_request(request):
          if request.path == "/healthz":
              return None
          if blocked(request.remote_addr):
              return make_response("Too Many Requests", 429)
    `,
    // a path compared with something that is not the request
    dedent`
      def route_name(path):
          if path == "/health":
              return "health"
    `,
    // a helper that touches a dependency is a check
    dedent`
      def db_ok():
          with engine.connect() as conn:
              conn.exec_driver_sql("SELECT 1")
          return True

      @app.get("/health")
      def health():
          return {"db": db_ok()}
    `,
    // liveness path
    'from flask import Flask\napp = Flask(__name__)\n@app.get("/livez")\ndef livez():\n    return "ok"',
    // not a health path
    'from flask import Flask\napp = Flask(__name__)\n@app.get("/users")\ndef users():\n    return []',
    // a real check: a query
    dedent`
      @app.get("/health")
      def health():
          db.session.execute(text("SELECT 1"))
          return {"ok": True}
    `,
    // a real check: awaits
    dedent`
      @app.get("/readyz")
      async def readyz():
          await redis.ping()
          return {"ready": True}
    `,
    // status chosen from state in a Flask tuple
    dedent`
      @app.get("/health")
      def health():
          return "", 200 if READY else 503
    `,
    // branch on state
    dedent`
      @app.get("/health")
      def health():
          if not READY:
              return "", 503
          return "", 200
    `,
    // a FastAPI dependency does work for the handler
    dedent`
      @app.get("/health")
      def health(session=Depends(get_session)):
          return {"ok": True}
    `,
    // the view is defined elsewhere
    'from django.urls import path\nfrom . import views\nurlpatterns = [path("health/", views.health)]',
    // a POST route
    dedent`
      @app.route("/health", methods=["POST"])
      def health():
          return "ok"
    `,
    // an aiohttp handler defined in another module
    'from .handlers import health\napp.router.add_get("/health", health)',
    // a non-constant status keyword
    dedent`
      from fastapi.responses import JSONResponse
      @app.get("/health")
      def health():
          return JSONResponse({}, status_code=code)
    `,
    // a response model imported from elsewhere might do anything
    'from .schemas import Health\n@app.get("/health")\ndef h():\n    return Health()',
    // option: status declared a liveness path
    { code: '@app.get("/status")\ndef status():\n    return "ok"', options: [{ livenessPaths: ['status'] }] },
    // a noqa naming the rule silences it
    '@app.get("/health")  # noqa: rule-to-test/no-constant-health-check\ndef health():\n    return "ok"',
  ],
  invalid: [
    {
      // a raw ASGI middleware answering the probe under a path comparison
      code: dedent`
        class Health:
            async def __call__(self, scope, receive, send):
                if scope["type"] == "http" and scope["path"] == "/health/":
                    await send({"type": "http.response.start", "status": 200, "headers": []})
                    await send({"type": "http.response.body", "body": b"ok"})
                    return
                await self.app(scope, receive, send)
      `,
      errors: [{ ...finding('/health'), line: 3, column: 57, endLine: 3, endColumn: 67 }],
    },
    {
      // Flask's response class imported from flask.wrappers; a branch answering with it
      code: dedent`
        from flask.wrappers import Response

        @app.route("/healthz", methods=["GET"])
        def health():
            return Response("OK", mimetype="text/plain")

        def gate(request):
            if request.path == "/health":
                return Response("OK")
            return None
      `,
      errors: [
        { ...finding('/healthz'), line: 3, column: 12, endLine: 3, endColumn: 22 },
        { ...finding('/health'), line: 8, column: 24, endLine: 8, endColumn: 33 },
      ],
    },
    {
      // WSGI, a path in a tuple, and a fact helper of the same file
      code: dedent`
        import importlib.metadata

        def version():
            return importlib.metadata.version("orders")

        def app(environ, start_response):
            if environ.get("PATH_INFO") in ("/healthz", "/health"):
                start_response("200 OK", [])
                return [version().encode()]
      `,
      errors: [{ ...finding('/healthz'), line: 7, column: 37, endLine: 7, endColumn: 47 }],
    },
    {
      // TYPE_CHECKING blocks and imports inside the handler are not checks; a settings dependency is a fact
      code: dedent`
        from typing import TYPE_CHECKING
        from fastapi import Depends
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            version: str = "dev"

        def get_settings():
            return Settings()

        @app.get("/health")
        def health(settings: Settings = Depends(get_settings)):
            if TYPE_CHECKING:
                from x import Y
            import platform
            return {"ok": True, "python": platform.python_version(), "version": settings.version}
      `,
      errors: [{ ...finding('/health'), line: 11, column: 10, endLine: 11, endColumn: 19 }],
    },
    {
      code: dedent`
        from flask import Flask, jsonify
        app = Flask(__name__)

        @app.route("/health")
        def health():
            return jsonify(status="ok")
      `,
      errors: [{ ...finding('/health'), line: 4, column: 12, endLine: 4, endColumn: 21 }],
    },
    {
      // Blueprint url_prefix joined, constant tuple status
      code: dedent`
        from flask import Blueprint
        from http import HTTPStatus
        bp = Blueprint("ops", __name__, url_prefix="/ops")

        @bp.get("/readyz")
        def readyz():
            return {"ready": True}, HTTPStatus.OK
      `,
      errors: [{ ...finding('/ops/readyz'), line: 5, column: 9, endLine: 5, endColumn: 18 }],
    },
    {
      // FastAPI router prefix plus include_router prefix; harmless facts
      code: dedent`
        import time
        from fastapi import APIRouter, FastAPI
        app = FastAPI()
        router = APIRouter(prefix="/health")

        @router.get("")
        async def health():
            return {"status": "ok", "time": time.time()}

        app.include_router(router, prefix="/v1")
      `,
      errors: [{ ...finding('/v1/health'), line: 6, column: 13, endLine: 6, endColumn: 15 }],
    },
    {
      // aiohttp add_get
      code: dedent`
        from aiohttp import web
        async def healthz(request):
            return web.Response(text="ok", status=200)
        app = web.Application()
        app.router.add_get("/healthz", healthz)
      `,
      errors: [{ ...finding('/healthz'), line: 5, column: 20, endLine: 5, endColumn: 30 }],
    },
    {
      // aiohttp web.get inside add_routes
      code: dedent`
        from aiohttp import web
        async def status(request):
            return web.json_response({"up": True})
        app.add_routes([web.get("/status", status)])
      `,
      errors: [{ ...finding('/status'), line: 4, column: 25, endLine: 4, endColumn: 34 }],
    },
    {
      // Starlette Route with a lambda endpoint
      code: dedent`
        from starlette.responses import PlainTextResponse
        from starlette.routing import Route
        routes = [Route("/ready", endpoint=lambda request: PlainTextResponse("ok"))]
      `,
      errors: [{ ...finding('/ready'), line: 3, column: 17, endLine: 3, endColumn: 25 }],
    },
    {
      // Django re_path to a view in the same file
      code: dedent`
        from django.http import JsonResponse
        from django.urls import re_path
        def health_check(request):
            return JsonResponse({"status": "ok"})
        urlpatterns = [re_path(r"^health-check/?$", health_check)]
      `,
      errors: [{ ...finding('/health-check'), line: 5, column: 24, endLine: 5, endColumn: 43 }],
    },
    {
      // Flask add_url_rule with view_func
      code: 'def healthcheck():\n    return "OK"\napp.add_url_rule("/healthcheck", view_func=healthcheck)',
      errors: [{ ...finding('/healthcheck'), line: 3, column: 18, endLine: 3, endColumn: 32 }],
    },
    {
      // a response model defined in this file only shapes the body; leading underscores are ignored
      code: dedent`
        from fastapi import FastAPI
        from pydantic import BaseModel
        app = FastAPI()
        class Health(BaseModel):
            status: str
        @app.get("/_healthz")
        def h():
            return Health(status="ok")
      `,
      errors: [{ ...finding('/_healthz'), line: 6, column: 10, endLine: 6, endColumn: 21 }],
    },
    {
      // Django view decorators applied as calls
      code: dedent`
        from django.http import JsonResponse
        from django.urls import path
        from django.views.decorators.cache import never_cache
        urlpatterns = [path("healthz", never_cache(lambda request: JsonResponse({})))]
      `,
      errors: [{ ...finding('/healthz'), line: 4, column: 21, endLine: 4, endColumn: 30 }],
    },
    {
      // option: custom health path
      code: '@app.get("/_meta/alive-and-well")\ndef alive():\n    return "ok"',
      options: [{ healthPaths: ['alive-and-well'] }],
      errors: [{ ...finding('/_meta/alive-and-well'), line: 1, column: 10, endLine: 1, endColumn: 33 }],
    },
    {
      // option: ping made a health path
      code: '@app.get("/ping")\ndef ping():\n    return "pong"',
      options: [{ healthPaths: ['ping'], livenessPaths: [] }],
      errors: [{ ...finding('/ping'), line: 1, column: 10, endLine: 1, endColumn: 17 }],
    },
  ],
});

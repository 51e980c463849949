/**
 * A generated, realistic corpus for benchmarks: service and worker modules in Python and
 * TypeScript with the patterns the rules look at (and mostly clean code around them).
 * Deterministic: the same arguments give the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function pythonModule(index: number): string {
  const parts = [
    `"""Generated service module ${index}."""`,
    'import asyncio',
    'import logging',
    'import os',
    'import signal',
    'from dataclasses import dataclass',
    '',
    'log = logging.getLogger(__name__)',
    'DATABASE_URL = os.environ["DATABASE_URL"]',
    '',
  ];
  for (let i = 0; i < 20; i++) {
    parts.push(
      '@dataclass',
      `class Order${i}:`,
      '    id: str',
      '    total: float',
      '    items: list',
      '',
      `    def validate(self) -> bool:`,
      '        if not self.items:',
      '            log.warning("empty order", extra={"order_id": self.id})',
      '            return False',
      '        return self.total > 0',
      '',
      '',
      `async def handle_${i}(request, db):`,
      '    payload = await request.json()',
      `    order = Order${i}(id=payload["id"], total=float(payload["total"]), items=payload.get("items", []))`,
      '    if not order.validate():',
      '        return {"status": 400}',
      '    for attempt in range(3):',
      '        try:',
      '            await db.execute("insert into orders values ($1, $2)", order.id, order.total)',
      '            break',
      '        except ConnectionError:',
      '            await asyncio.sleep(2 ** attempt)',
      '    else:',
      '        raise RuntimeError("database unavailable")',
      `    log.info("order stored", extra={"order_id": order.id, "n": ${i}})`,
      '    return {"status": 201, "id": order.id}',
      '',
    );
  }
  return `${parts.join('\n')}\n`;
}

function typescriptModule(index: number): string {
  const parts = [
    `// Generated service module ${index}.`,
    "import express, { type Request, type Response } from 'express';",
    "import pino from 'pino';",
    '',
    'const logger = pino();',
    'const databaseUrl = process.env.DATABASE_URL;',
    'export const router = express.Router();',
    '',
  ];
  for (let i = 0; i < 20; i++) {
    parts.push(
      `interface Order${i} {`,
      '  id: string;',
      '  total: number;',
      '  items: string[];',
      '}',
      '',
      `function validate${i}(order: Order${i}): boolean {`,
      '  if (order.items.length === 0) {',
      "    logger.warn({ orderId: order.id }, 'empty order');",
      '    return false;',
      '  }',
      '  return order.total > 0;',
      '}',
      '',
      `router.post('/orders/${i}', async (req: Request, res: Response) => {`,
      `  const order = req.body as Order${i};`,
      `  if (!validate${i}(order)) return res.status(400).end();`,
      '  for (let attempt = 0; attempt < 3; attempt++) {',
      '    try {',
      "      await fetch(`${databaseUrl}/orders`, { method: 'POST', body: JSON.stringify(order) });",
      '      break;',
      '    } catch (error) {',
      '      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));',
      '    }',
      '  }',
      `  logger.info({ orderId: order.id, n: ${i} }, 'order stored');`,
      '  return res.status(201).json({ id: order.id });',
      '});',
      '',
    );
  }
  return `${parts.join('\n')}\n`;
}

/** Write `files` modules per language under `dir`; returns the line counts. */
export function writeCorpus(dir: string, files: number): { python: number; typescript: number } {
  let python = 0;
  let typescript = 0;
  mkdirSync(path.join(dir, 'py'), { recursive: true });
  mkdirSync(path.join(dir, 'ts'), { recursive: true });
  for (let i = 0; i < files; i++) {
    const py = pythonModule(i);
    const ts = typescriptModule(i);
    writeFileSync(path.join(dir, 'py', `service_${i}.py`), py);
    writeFileSync(path.join(dir, 'ts', `service-${i}.ts`), ts);
    python += py.split('\n').length - 1;
    typescript += ts.split('\n').length - 1;
  }
  return { python, typescript };
}

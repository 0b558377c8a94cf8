/**
 * The `desk` config section: what inbound calls are about (the wrap-up category tree), whether an agent must wrap up
 * a call before taking the next, and the complaint and work-order deadlines. Data, validated at boot: a bad key is
 * named by its path (e.g. desk.categories.4.children.1.key).
 */
import { z } from 'zod';

const key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and dashes, starting with a letter');

export interface CategoryNode {
  key: string;
  zh: string;
  en: string;
  children?: CategoryNode[] | undefined;
}

const category: z.ZodType<CategoryNode> = z.lazy(() =>
  z.strictObject({
    key,
    zh: z.string().min(1),
    en: z.string().min(1),
    children: z.array(category).min(1).optional(),
  }),
);

// The seeds' IVR triage (docs/domain.md §Who uses it): the categories callers are sorted into, with the sample
// hotline's new-business product lines (config/ivr/hotline.yaml, option 5).
export const defaultCategories: CategoryNode[] = [
  { key: 'consult', zh: '咨询', en: 'Enquiry' },
  { key: 'repair', zh: '报修', en: 'Repair report' },
  { key: 'complaint', zh: '投诉', en: 'Complaint' },
  { key: 'work-order', zh: '工单查询', en: 'Work-order status' },
  {
    key: 'new-business',
    zh: '新业务',
    en: 'New business',
    children: [
      { key: 'elderly-care', zh: '养老服务', en: 'Elderly care' },
      { key: 'renovation', zh: '装修服务', en: 'Renovation' },
      { key: 'rentals', zh: '房屋租赁', en: 'Rentals' },
      { key: 'education', zh: '教育服务', en: 'Education' },
      { key: 'finance', zh: '金融服务', en: 'Finance' },
    ],
  },
  { key: 'other', zh: '其他', en: 'Other' },
];

const complaintCategory = z.strictObject({
  key,
  zh: z.string().min(1),
  en: z.string().min(1),
  /** Hours from registration to the resolution deadline. */
  resolveWithinH: z.number().positive().max(24 * 90),
});
const department = z.strictObject({ key, zh: z.string().min(1), en: z.string().min(1) });

// The seed's complaint classification table (顾客投诉分类统计表) and the departments a complaint is routed to, with
// deadlines a centre would start from; both are data to replace in the config.
export const defaultComplaintCategories: Array<z.infer<typeof complaintCategory>> = [
  { key: 'attitude', zh: '服务态度', en: 'Staff attitude', resolveWithinH: 24 },
  { key: 'service-quality', zh: '服务质量', en: 'Service quality', resolveWithinH: 48 },
  { key: 'repair-delay', zh: '维修不及时', en: 'Repair delay', resolveWithinH: 24 },
  { key: 'billing', zh: '收费问题', en: 'Billing', resolveWithinH: 72 },
  { key: 'product', zh: '产品质量', en: 'Product quality', resolveWithinH: 72 },
  { key: 'other', zh: '其他', en: 'Other', resolveWithinH: 72 },
];
export const defaultDepartments: Array<z.infer<typeof department>> = [
  { key: 'customer-service', zh: '客服部', en: 'Customer service' },
  { key: 'engineering', zh: '工程部', en: 'Engineering' },
  { key: 'property', zh: '物业管理部', en: 'Property management' },
  { key: 'finance', zh: '财务部', en: 'Finance' },
  { key: 'sales', zh: '市场销售部', en: 'Sales' },
];

/** Keys that appear twice in a list, as issues at their paths. */
function duplicates(items: ReadonlyArray<{ key: string }>, path: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((c, i) => {
    if (seen.has(c.key)) ctx.addIssue({ code: 'custom', path: [path, i, 'key'], message: `duplicate key "${c.key}"` });
    seen.add(c.key);
  });
}

/** Every node with its path in the tree, depth first. */
function walk(nodes: readonly CategoryNode[], path: (string | number)[], out: Array<{ node: CategoryNode; path: (string | number)[] }>): typeof out {
  nodes.forEach((n, i) => {
    out.push({ node: n, path: [...path, i] });
    if (n.children) walk(n.children, [...path, i, 'children'], out);
  });
  return out;
}

export const deskConfigSchema = z
  .strictObject({
    categories: z.array(category).min(1).default(defaultCategories),
    /** An agent stays in after-call work after an inbound call until its wrap-up is saved (then goes ready). */
    wrapUpRequired: z.boolean().default(false),
    /** Complaint categories with their resolution deadlines, and the departments complaints are routed to. */
    complaintCategories: z.array(complaintCategory).min(1).default(defaultComplaintCategories),
    departments: z.array(department).min(1).default(defaultDepartments),
    /** Work orders (docs/domain.md §Work orders): hours from creation to the first response and to completion. */
    workOrders: z
      .strictObject({
        respondWithinH: z.number().positive().max(24 * 30).default(2),
        completeWithinH: z.number().positive().max(24 * 90).default(48),
      })
      .prefault({})
      .refine((w) => w.completeWithinH >= w.respondWithinH, { message: 'must be at least respondWithinH', path: ['completeWithinH'] }),
  })
  .superRefine((desk, ctx) => {
    duplicates(desk.complaintCategories, 'complaintCategories', ctx);
    duplicates(desk.departments, 'departments', ctx);
    const seen = new Set<string>();
    for (const { node, path } of walk(desk.categories, ['categories'], [])) {
      if (seen.has(node.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate category key "${node.key}"` });
      seen.add(node.key);
    }
  });

export type DeskConfig = z.infer<typeof deskConfigSchema>;
